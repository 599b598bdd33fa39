#include "app/system.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "parley/id.h"
#include "parley/log.h"
#include "store/db.h"
#include "store/systems.h"

static char diagnostic_id[64];

bool app_system_database_ok(struct pg_conn *db)
{
    char id[PL_ID_LEN + 1], name[64];
    pl_id_new(id);
    snprintf(name, sizeof(name), "health_check_%s", id);
    if (store_systems_set(db, name, "ok") != STORE_OK)
        return false;
    return store_systems_delete(db, name) == STORE_OK;
}

/* mkdir -p for the file store directory. */
static int mkdirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0750) != 0 && errno != EEXIST)
            return -1;
        buf[i] = c;
    }
    return 0;
}

bool app_system_filestore_ok(const model_config_t *cfg)
{
    char probe[4200], id[PL_ID_LEN + 1];
    if (strcmp(cfg->file.driver_name, "local") != 0)
        return true; /* remote stores are checked by their driver */
    if (mkdirs(cfg->file.directory) != 0)
        return false;
    pl_id_new(id);
    snprintf(probe, sizeof(probe), "%s/.health_%s", cfg->file.directory, id);
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0)
        return false;
    bool ok = write(fd, "ok", 2) == 2;
    close(fd);
    return unlink(probe) == 0 && ok;
}

long app_system_db_connections(void)
{
    return store_db_open_count();
}

void app_system_load_ids(struct pg_conn *db)
{
    if (store_systems_get(db, "DiagnosticId", diagnostic_id, sizeof(diagnostic_id)) != STORE_OK)
        diagnostic_id[0] = '\0';
}

const char *app_system_diagnostic_id(void)
{
    return diagnostic_id;
}
