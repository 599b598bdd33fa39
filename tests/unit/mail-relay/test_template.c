#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

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
    relay_tpl_render("{{#Posts}}<{{M}} for {{Who}}>{{/Posts}}.", &s, 0, &b);
    assert_string_equal(b.data, "<one for ann><two for ann>.");
    pl_buf_reset(&b);
    relay_tpl_render("{{#Posts}}unterminated", &s, 0, &b);
    pl_buf_reset(&b);
    relay_tpl_render("{{#Nope}}x{{/Nope}}y {{open", &s, 0, &b);
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
    assert_int_equal(relay_tpl_render("{{X}}", &s, 0, &b), PL_ETOOBIG);
    pl_buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_vars_and_escaping), cmocka_unit_test(test_sections),
                                       cmocka_unit_test(test_cap)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
