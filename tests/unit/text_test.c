/* Inline text into lines: justification, hyphenation, <keep>, kerning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include <libxml/parser.h>

#include "pdf/text.h"
#include "util.h"

#define NOTO "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"

struct fixture {
    HPDF_Doc pdf;
    struct diag_list diags;
    struct font_set fonts;
    struct text_env env;
    struct theme_font font;
    struct text_style style;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(f->pdf);
    HPDF_SetCurrentEncoder(f->pdf, "UTF-8");
    font_set_init(&f->fonts, f->pdf, NULL, 1, &f->diags);
    f->env.fonts = &f->fonts;
    f->env.diags = &f->diags;
    f->env.hyph = hyphen_open("es-PE", NULL);
    f->font = (struct theme_font){"text", "Noto Sans", {NOTO, NULL, NULL, NULL}, NULL, NULL};
    f->style.font = &f->font;
    f->style.size = 10.5;
    f->style.leading = 1.45;
    f->style.justify = 1;
    f->style.hyphenate = 1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    hyphen_close(f->env.hyph);
    font_set_free(&f->fonts);
    HPDF_Free(f->pdf);
    diag_list_free(&f->diags);
    free(f);
    return 0;
}

static const char *PARAGRAPH =
    "Esta comunidad de práctica ha sido fundamental en el contexto de la salud mental y el apoyo "
    "psicosocial de las personas migrantes y refugiadas, ya que facilitó el intercambio de "
    "conocimientos, experiencias y buenas prácticas entre las organizaciones participantes, "
    "fortaleciendo sus capacidades y mejorando la calidad de las intervenciones dirigidas a las "
    "poblaciones más vulnerables del país durante los años de la pandemia.";

static void test_justified_lines_fill_the_measure(void **state)
{
    struct fixture *f = *state;
    for (double measure = 180; measure <= 380; measure += 50) {
        struct text_block tb;
        text_init(&tb, &f->env, &f->style, NULL);
        text_add_string(&tb, PARAGRAPH, &f->style);
        size_t n = text_break(&tb, measure);
        assert_true(n >= 3);
        for (size_t i = 0; i + 1 < n; i++)
            assert_true(fabs(tb.lines[i].width - measure) <= 0.01);
        assert_true(tb.lines[n - 1].width < measure);
        assert_true(tb.lines[n - 1].last);
        assert_true(tb.lines[n - 1].ratio == 0);
        /* the drawn words end where the measure ends */
        struct vitem box = {0};
        text_draw_line(&tb, 0, &box, 0, 0);
        const struct prim *lastp = NULL;
        for (size_t k = 0; k < box.count; k++)
            if (box.prims[k].kind == PRIM_TEXT)
                lastp = &box.prims[k];
        assert_non_null(lastp);
        assert_true(fabs(lastp->x + lastp->w - measure) <= 0.01);
        for (size_t k = 0; k < box.count; k++)
            free(box.prims[k].text);
        free(box.prims);
        text_free(&tb);
    }
    assert_int_equal(f->diags.count, 0);
}

static void test_ragged_lines_are_natural(void **state)
{
    struct fixture *f = *state;
    struct text_style st = f->style;
    st.justify = 0;
    st.hyphenate = 0;
    struct text_block tb;
    text_init(&tb, &f->env, &st, NULL);
    text_add_string(&tb, PARAGRAPH, &st);
    size_t n = text_break(&tb, 250);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        assert_true(tb.lines[i].width <= 250);
        assert_true(tb.lines[i].ratio == 0);
        assert_false(tb.lines[i].hyphen);
    }
    text_free(&tb);
}

/* At many measures: the <keep> name on one line, unhyphenated; no hyphen
 * in a link, a number or a URL. */
static void test_keep_is_never_split(void **state)
{
    struct fixture *f = *state;
    const char *xml = "<p>Las sesiones fueron facilitadas por la organización "
                      "<keep>Encuentros Servicio Jesuita a Migrantes</keep> con el apoyo "
                      "psicosocial de intervenciones comunitarias y <a href='https://x.org'>"
                      "intervenciones</a> y 2021-2023 www.caps.org.pe.</p>";
    xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, 0);
    assert_non_null(doc);
    for (double measure = 90; measure <= 300; measure += 7) {
        struct text_block tb;
        text_init(&tb, &f->env, &f->style, NULL);
        text_add_inline(&tb, xmlDocGetRootElement(doc), &f->style);
        size_t n = text_break(&tb, measure);
        size_t keep_lines = 0;
        for (size_t i = 0; i < n; i++) {
            struct vitem box = {0};
            text_draw_line(&tb, i, &box, 0, 0);
            struct buf line = {0};
            for (size_t k = 0; k < box.count; k++) {
                for (const char *c = box.prims[k].text; box.prims[k].kind == PRIM_TEXT && *c; c++)
                    if (*c != ' ')
                        buf_put(&line, c, 1); /* the words, without spaces */
                free(box.prims[k].text);
            }
            free(box.prims);
            /* the name whole on one line, never hyphenated */
            keep_lines += strstr(line.data, "Jesuita") != NULL;
            if (strstr(line.data, "Jesuita") && measure >= 200)
                assert_non_null(strstr(line.data, "EncuentrosServicioJesuitaaMigrantes"));
            assert_null(strstr(line.data, "Jesui-"));
            /* no hyphen in a link, a number or a URL */
            if (tb.lines[i].hyphen) {
                assert_null(strstr(line.data, "2021-2023-"));
                assert_null(strstr(line.data, "www."));
            }
            buf_free(&line);
        }
        assert_int_equal(keep_lines, 1);
        text_free(&tb);
    }
    xmlFreeDoc(doc);
}

static void test_hyphens_are_drawn_and_counted(void **state)
{
    struct fixture *f = *state;
    struct text_block tb;
    text_init(&tb, &f->env, &f->style, NULL);
    text_add_string(&tb, PARAGRAPH, &f->style);
    size_t n = text_break(&tb, 150);
    memset(&f->env.stats, 0, sizeof f->env.stats);
    text_account(&f->env, &tb);
    assert_int_equal(f->env.stats.lines, n);
    assert_int_equal(f->env.stats.ratio_lines, n - 1);
    size_t hyph = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = tb.lines[i].hyphen ? run + 1 : 0;
        assert_true(run <= 2);
        hyph += tb.lines[i].hyphen;
        if (!tb.lines[i].hyphen)
            continue;
        struct vitem box = {0};
        text_draw_line(&tb, i, &box, 0, 0);
        const char *last = NULL;
        for (size_t k = 0; k < box.count; k++)
            if (box.prims[k].kind == PRIM_TEXT)
                last = box.prims[k].text;
        assert_non_null(last);
        size_t len = strlen(last);
        assert_true(len >= 2);
        assert_string_equal(last + len - 2, "\u00AD"); /* the face's soft hyphen */
        for (size_t k = 0; k < box.count; k++)
            free(box.prims[k].text);
        free(box.prims);
    }
    assert_true(hyph > 0);
    assert_int_equal(f->env.stats.hyphenated, hyph);
    text_free(&tb);
}

/* What extraction and the structure tree read: the drawn strings of every
 * line, in order, give back the paragraph with one space between words
 * (justified lines place each word apart, ragged ones run on) and at line
 * ends, and a word hyphenated at a line end whole once, with its hyphen. */
static void test_drawn_text_keeps_the_spaces(void **state)
{
    struct fixture *f = *state;
    for (int justify = 0; justify <= 1; justify++) {
        struct text_style st = f->style;
        st.justify = justify;
        struct text_block tb;
        text_init(&tb, &f->env, &st, NULL);
        text_add_string(&tb, PARAGRAPH, &st);
        size_t n = text_break(&tb, 160);
        struct buf all = {0};
        size_t hyphens = 0;
        for (size_t i = 0; i < n; i++) {
            struct vitem box = {0};
            text_draw_line(&tb, i, &box, 0, 0);
            for (size_t k = 0; k < box.count; k++) {
                if (box.prims[k].kind == PRIM_TEXT)
                    buf_puts(&all, box.prims[k].text);
                free(box.prims[k].text);
            }
            free(box.prims);
            assert_true(all.len > 1);
            int soft = strcmp(all.data + all.len - 2, "\u00AD") == 0;
            assert_true(tb.lines[i].hyphen ? soft : all.data[all.len - 1] == ' ');
            if (tb.lines[i].hyphen) { /* the breaker's hyphen, not the text's */
                all.len -= 2;
                all.data[all.len] = '\0';
                hyphens++;
            }
        }
        assert_true(!justify || hyphens > 0);
        assert_true(all.len == strlen(PARAGRAPH) + 1);
        assert_memory_equal(all.data, PARAGRAPH, strlen(PARAGRAPH));
        buf_free(&all);
        text_free(&tb);
    }
}

static void test_kerned_words_measure_less(void **state)
{
    struct fixture *f = *state;
    struct text_style st = f->style;
    st.justify = 0;
    struct text_block a, b;
    text_init(&a, &f->env, &st, NULL);
    text_add_string(&a, "To", &st);
    text_break(&a, 1000);
    text_init(&b, &f->env, &st, NULL);
    text_add_string(&b, "T", &st);
    text_add_string(&b, " ", &st);
    text_break(&b, 1000);
    double t = b.lines[0].width;
    text_free(&b);
    text_init(&b, &f->env, &st, NULL);
    text_add_string(&b, "o", &st);
    text_break(&b, 1000);
    assert_true(a.lines[0].width < t + b.lines[0].width - 0.3); /* 'T','o' kern in Noto Sans */
    text_free(&a);
    text_free(&b);
}

/* The right end of the last text drawn on line i, and the left end of the
 * first, and its last byte but spaces; whether every text prim carries the line's expansion. */
static int drawn_ends(const struct text_block *tb, size_t i, double *left, double *right,
                      char *last)
{
    struct vitem box = {0};
    text_draw_line(tb, i, &box, 0, 0);
    int same = 1, first = 1;
    for (size_t k = 0; k < box.count; k++) {
        const struct prim *p = &box.prims[k];
        if (p->kind == PRIM_TEXT) {
            if (first)
                *left = p->x;
            first = 0;
            *right = p->x + p->w;
            /* the last character drawn before the space glyph a line ends in */
            size_t len = strlen(p->text);
            while (len > 1 && p->text[len - 1] == ' ')
                len--;
            *last = p->text[len - 1];
            same &= p->expand == tb->lines[i].expand;
        }
        free(box.prims[k].text);
    }
    free(box.prims);
    return same;
}

/* With the theme's font expansion and protrusion: every justified line
 * still fills the measure, its words scaled by at most 2 %, the spaces
 * stretching less than without; a line ending in a full stop, comma or
 * hyphen reaches past the measure by a share of that mark, one ending in
 * a letter exactly to it, and an opening quote hangs left. */
static void test_expansion_and_protrusion(void **state)
{
    struct fixture *f = *state;
    struct theme_justify j = {0.3, 0.333, 2, 10, 400, 10000, 5000, 2, 30000, 0.02, 1};
    const char *text =
        "“Esta comunidad de práctica ha sido fundamental, en el contexto de la salud "
        "mental. El apoyo psicosocial de las personas migrantes y refugiadas, ya "
        "que facilitó el intercambio de conocimientos. Experiencias y buenas "
        "prácticas entre las organizaciones participantes, fortaleciendo sus "
        "capacidades y mejorando la calidad de las intervenciones.”";
    struct theme_justify plain = j;
    plain.expansion = 0;
    plain.protrusion = 0;
    size_t marks = 0, letters = 0, expanded = 0;
    double ratios[2] = {0, 0}; /* the spaces' adjustments, without and with */
    for (double measure = 150; measure <= 380; measure += 23) {
        for (int on = 0; on < 2; on++) {
            f->env.justify = on ? &j : &plain;
            struct text_block tb;
            text_init(&tb, &f->env, &f->style, NULL);
            text_add_string(&tb, text, &f->style);
            size_t n = text_break(&tb, measure);
            for (size_t i = 0; on && i + 1 < n; i++) {
                const struct text_line *line = &tb.lines[i];
                double left = 0, right = 0;
                char c = 0;
                assert_true(drawn_ends(&tb, i, &left, &right, &c));
                assert_true(fabs(line->expand) <= 0.02 + 1e-12);
                assert_true(fabs(line->width - measure) <= 0.01);
                expanded += line->expand != 0;
                if (c == '.' || c == ',' || c == '-') {
                    assert_true(right - measure > 0.4 && right - measure < 3);
                    marks++;
                } else if (c >= 'a' && c <= 'z') {
                    assert_true(fabs(right - measure) <= 0.01);
                    letters++;
                }
                if (i == 0)
                    assert_true(left < -0.5); /* “ */
                else
                    assert_true(fabs(left) <= 0.01);
            }
            for (size_t i = 0; i + 1 < n; i++)
                ratios[on] += fabs(tb.lines[i].ratio);
            text_free(&tb);
        }
    }
    assert_true(ratios[1] < 0.8 * ratios[0]);
    f->env.justify = NULL;
    assert_true(marks > 0);
    assert_true(letters > 0);
    assert_true(expanded > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_justified_lines_fill_the_measure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ragged_lines_are_natural, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep_is_never_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hyphens_are_drawn_and_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drawn_text_keeps_the_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kerned_words_measure_less, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expansion_and_protrusion, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
