#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/err.h"
#include "relay/template.h"

static void test_vars_and_escaping(void **state)
{
    (void)state;
    relay_kv_t kv[] = {{"Name", "<b>&\"'"}, {"Empty", NULL}};
    relay_scope_t s = {kv, 2, NULL, 0, NULL};
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    assert_int_equal(relay_tpl_render("Hi {{Name}}!{{Empty}}{{Unknown}}", &s, 1, &b), PL_OK);
    assert_string_equal(b.data, "Hi &lt;b&gt;&amp;&quot;&#39;!");
    pl_buf_reset(&b);
    relay_tpl_render("Hi {{Name}}", &s, 0, &b);
    assert_string_equal(b.data, "Hi <b>&\"'");
    pl_buf_reset(&b);
    /* a value that looks like a tag is not interpreted */
    relay_kv_t kv2[] = {{"Name", "{{#Posts}}{{Name}}{{/Posts}}"}};
    relay_scope_t s2 = {kv2, 1, NULL, 0, NULL};
    relay_tpl_render("[{{Name}}]", &s2, 0, &b);
    assert_string_equal(b.data, "[{{#Posts}}{{Name}}{{/Posts}}]");
    pl_buf_dispose(&b);
}

static void test_sections(void **state)
{
    (void)state;
    relay_kv_t a[] = {{"M", "one"}}, c[] = {{"M", "two"}};
    relay_scope_t items[] = {{a, 1, NULL, 0, NULL}, {c, 1, NULL, 0, NULL}};
    relay_list_t list = {"Posts", items, 2};
    relay_kv_t outer[] = {{"Who", "ann"}};
    relay_scope_t s = {outer, 1, &list, 1, NULL};
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    assert_int_equal(relay_tpl_render("{{#Posts}}<{{M}} for {{Who}}>{{/Posts}}.", &s, 0, &b), PL_OK);
    assert_string_equal(b.data, "<one for ann><two for ann>.");
    pl_buf_reset(&b);
    /* a section without its closing tag swallows the rest of the template */
    assert_int_equal(relay_tpl_render("before {{#Posts}}unterminated {{M}}", &s, 0, &b), PL_OK);
    assert_string_equal(b.data, "before ");
    pl_buf_reset(&b);
    assert_int_equal(relay_tpl_render("{{#Nope}}x{{/Nope}}y {{open", &s, 0, &b), PL_OK);
    assert_string_equal(b.data, "y {{open");
    pl_buf_dispose(&b);
}

static void test_cap(void **state)
{
    (void)state;
    relay_kv_t kv[] = {{"X", "0123456789"}};
    relay_scope_t s = {kv, 1, NULL, 0, NULL};
    pl_buf_t b;
    pl_buf_init(&b, 8);
    assert_int_equal(relay_tpl_render("ab{{X}}", &s, 0, &b), PL_ETOOBIG);
    assert_int_equal(b.len, 2); /* what fitted before the value that did not */
    assert_memory_equal(b.data, "ab", 2);
    pl_buf_reset(&b);
    assert_int_equal(relay_tpl_render("{{X}}", &s, 0, &b), PL_ETOOBIG);
    assert_int_equal(b.len, 0);
    pl_buf_dispose(&b);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_templates_load_and_locale_fallback(void **state)
{
    (void)state;
    char dir[] = "/tmp/parley-tpl-XXXXXX", sub[600];
    relay_templates_t t;
    pl_buf_t errors;
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof(sub), "%s/i18n", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(dir, "digest.txt", "Hello {{Name}}\n");
    write_file(dir, "digest.html", "<p>{{Name}}</p>");
    write_file(dir, "i18n/en.json", "{\"greeting\": \"Hi\", \"bye\": \"Bye\"}");
    write_file(dir, "i18n/de.json", "{\"greeting\": \"Hallo\"}");
    pl_buf_init(&errors, 4096);
    assert_int_equal(relay_templates_load(&t, dir, &errors), PL_OK);
    assert_int_equal(errors.len, 0);
    assert_string_equal(t.digest_txt, "Hello {{Name}}\n");
    assert_string_equal(t.digest_html, "<p>{{Name}}</p>");
    assert_string_equal(relay_templates_string(&t, "de", "greeting"), "Hallo");
    assert_string_equal(relay_templates_string(&t, "de-AT", "greeting"), "Hallo"); /* language of the locale */
    assert_string_equal(relay_templates_string(&t, "de", "bye"), "Bye");           /* key missing in de: en */
    assert_string_equal(relay_templates_string(&t, "fr", "greeting"), "Hi");       /* unknown locale: en */
    assert_string_equal(relay_templates_string(&t, NULL, "greeting"), "Hi");
    assert_string_equal(relay_templates_string(&t, "de", "nope"), "nope"); /* unknown key: the key */
    relay_templates_dispose(&t);
    /* without en.json the directory is refused, with a line naming the setting */
    snprintf(sub, sizeof(sub), "%s/i18n/en.json", dir);
    unlink(sub);
    pl_buf_reset(&errors);
    assert_int_equal(relay_templates_load(&t, dir, &errors), PL_EINVAL);
    char want[700];
    snprintf(want, sizeof(want), "RelaySettings.TemplatesDirectory: %s/i18n/en.json missing\n", dir);
    assert_string_equal(errors.data, want);
    pl_buf_dispose(&errors);
    snprintf(sub, sizeof(sub), "%s/i18n/de.json", dir);
    unlink(sub);
    snprintf(sub, sizeof(sub), "%s/i18n", dir);
    rmdir(sub);
    snprintf(sub, sizeof(sub), "%s/digest.txt", dir);
    unlink(sub);
    snprintf(sub, sizeof(sub), "%s/digest.html", dir);
    unlink(sub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_vars_and_escaping), cmocka_unit_test(test_sections),
                                       cmocka_unit_test(test_cap), cmocka_unit_test(test_templates_load_and_locale_fallback)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
