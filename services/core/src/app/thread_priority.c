#include "app/thread_priority.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NICE_MIN (-20)
#define NICE_MAX 19

static int clamp(int n)
{
    return n < NICE_MIN ? NICE_MIN : n > NICE_MAX ? NICE_MAX : n;
}

/* The lowest nice RLIMIT_NICE lets this thread set without CAP_SYS_NICE (20 - limit). */
static int rlimit_floor(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NICE, &rl) != 0)
        return NICE_MAX + 1;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= 40)
        return NICE_MIN;
    return 20 - (int)rl.rlim_cur;
}

static int nice_of(id_t tid, int fallback)
{
    errno = 0;
    int n = getpriority(PRIO_PROCESS, tid);
    return n == -1 && errno != 0 ? fallback : n;
}

int app_thread_priority_shift(int delta, int *from)
{
    id_t tid = (id_t)syscall(SYS_gettid);
    int cur = nice_of(tid, 0), want = clamp(cur + delta);
    *from = cur;
    if (want == cur || setpriority(PRIO_PROCESS, tid, want) == 0)
        return nice_of(tid, cur);
    int floor = rlimit_floor(); /* EACCES: not that far without CAP_SYS_NICE; as far as allowed */
    if (want < cur && floor > want && floor < cur)
        (void)setpriority(PRIO_PROCESS, tid, floor);
    return nice_of(tid, cur);
}
