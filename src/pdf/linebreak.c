#include <stdint.h>
#include <stdlib.h>

#include "linebreak.h"
#include "util.h"

size_t linebreak_line_start(const struct linebreak_item *items, size_t n, size_t from)
{
    while (from < n && items[from].kind != LINEBREAK_BOX)
        from++;
    return from < n ? from : n;
}

/* Ends one line starting at `start`; returns the index of its break. */
static size_t fit_line(const struct linebreak_item *items, size_t n, size_t start, double measure)
{
    double width = 0, shrink = 0;
    size_t best = n;
    int have_best = 0;

    for (size_t i = start; i < n; i++) {
        const struct linebreak_item *it = &items[i];
        if (it->kind == LINEBREAK_BOX) {
            width += it->width;
            if (width - shrink > measure && have_best)
                return best;
            continue;
        }
        if (it->kind == LINEBREAK_PENALTY && it->penalty <= LINEBREAK_FORCE)
            return i;
        int legal = it->kind == LINEBREAK_GLUE
                        ? items[i - 1].kind == LINEBREAK_BOX && it->penalty < LINEBREAK_FORBID
                        : it->penalty < LINEBREAK_FORBID;
        if (legal && i > start) {
            double extra = it->kind == LINEBREAK_PENALTY ? it->width : 0;
            if (width + extra - shrink <= measure) {
                best = i;
                have_best = 1;
            } else if (!have_best) {
                /* One unbreakable run wider than the line: it is its own line. */
                return i;
            }
        }
        if (it->kind == LINEBREAK_GLUE) {
            width += it->width;
            shrink += it->shrink;
        }
    }
    return n;
}

size_t linebreak_first_fit(const struct linebreak_item *items, size_t n, const double *line_widths,
                           size_t n_widths, size_t **breaks)
{
    size_t count = 0, cap = 8;
    size_t *out = xmalloc(cap * sizeof *out);
    size_t start = linebreak_line_start(items, n, 0);

    while (start < n) {
        double measure = line_widths[count < n_widths ? count : n_widths - 1];
        size_t brk = fit_line(items, n, start, measure);
        if (count == cap)
            out = xrealloc(out, (cap *= 2) * sizeof *out);
        out[count++] = brk;
        start = linebreak_line_start(items, n, brk + 1);
    }
    *breaks = out;
    return count;
}

/* ---- total fit ----------------------------------------------------------- */

void linebreak_params_justified(struct linebreak_params *p)
{
    /* TeX's plain format: \tolerance 200 is r <= 1.26; the emergency pass
     * takes any looseness rather than an overfull line. */
    p->tolerance = 2.0;
    p->emergency_tolerance = 0;
    p->line_penalty = 10;
    p->flagged_demerits = 10000;
    p->final_hyphen_demerits = 5000;
    p->fitness_demerits = 10000;
    p->max_flagged_run = 2;
    p->end_stretch = 0;
}

void linebreak_params_ragged(struct linebreak_params *p, double end_stretch)
{
    linebreak_params_justified(p);
    /* Shortfalls up to about one end_stretch are the norm, so every line
     * is "feasible" but the cubes of the shortfalls are balanced. */
    p->tolerance = 3;
    p->fitness_demerits = 0;
    p->end_stretch = end_stretch;
}

#define RATIO_MAX 1000.0 /* a line with nothing to stretch, in the emergency pass */

struct kp_node {
    size_t pos; /* the break: an item index, or n for the paragraph's end; SIZE_MAX at the start */
    size_t start; /* the first box of the line after it */
    size_t line;  /* lines up to and including the one ending here, at most n_widths */
    int fitness;  /* 0 tight, 1 decent, 2 loose, 3 very loose */
    int flagged;  /* consecutive flagged lines ending here */
    double demerits, ratio;
    size_t prev;    /* index in the node pool; SIZE_MAX for none */
    double measure; /* of the line after it, with what its first box may hang into the margin */
    size_t ready;   /* no break before this item can end its line but a forced one (kp_ready) */
};

struct kp {
    const struct linebreak_item *items;
    size_t n;
    const double *widths;
    size_t n_widths;
    const struct linebreak_params *par;
    double tolerance;     /* of the pass */
    double *sw, *sy, *sz; /* prefix sums of width, glue's stretch and shrink: [0, i) */
    double *by, *bz;      /* prefix sums of boxes' stretch and shrink */
    double *reach;        /* prefix sums of width + tolerance * glue's stretch + boxes' stretch,
                             for kp_ready; NULL when a pass rates every line */
    double reach_least;   /* the least that a break adds to the reach: hang less penalty width */
    struct kp_node *pool;
    size_t pool_count, pool_cap;
    size_t *active; /* pool indices, in creation order */
    size_t active_count, active_cap;
    size_t quiet; /* no active node's line may end before this item but at a forced break */
};

/* A candidate node for one break, best per (fitness, flagged run, line). */
struct kp_cand {
    int fitness, flagged;
    size_t line, from;
    double demerits, ratio;
};

/* The first item at which the line after node a may end, unforced: a
 * line shorter than the measure even with its glue stretched to the
 * tolerance and its boxes fully is neither feasible nor overfull, so its
 * ratio need not be computed. The reach (widths, stretch at the
 * tolerance) only grows along the paragraph: the first break that reaches
 * far enough is found by bisection. A margin keeps rounding on the safe
 * side: the ratios rated are the same as without it. */
static size_t kp_ready(const struct kp *kp, const struct kp_node *a)
{
    if (!kp->reach || a->start >= kp->n)
        return a->start;
    double need =
        kp->reach[a->start] + a->measure + kp->reach_least - kp->tolerance * kp->par->end_stretch;
    need -= 1e-6 + 1e-9 * (kp->reach[kp->n] + a->measure);
    size_t lo = a->start, hi = kp->n; /* reach[hi] >= need or hi == n */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (kp->reach[mid] >= need)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Counts active node a in kp->quiet: the first item where its line may
 * end, unforced. */
static void kp_wake(struct kp *kp, const struct kp_node *a)
{
    size_t from = a->ready > a->start ? a->ready : a->start + 1;
    if (from < kp->quiet)
        kp->quiet = from;
}

static size_t kp_add_node(struct kp *kp, struct kp_node node)
{
    node.measure = kp->widths[node.line < kp->n_widths ? node.line : kp->n_widths - 1] +
                   (node.start < kp->n ? kp->items[node.start].hang : 0);
    if (kp->pool_count == kp->pool_cap) {
        kp->pool_cap = kp->pool_cap ? kp->pool_cap * 2 : 64;
        kp->pool = xrealloc(kp->pool, kp->pool_cap * sizeof *kp->pool);
    }
    node.ready = kp_ready(kp, &node);
    kp->pool[kp->pool_count] = node;
    kp_wake(kp, &node);
    if (kp->active_count == kp->active_cap) {
        kp->active_cap = kp->active_cap ? kp->active_cap * 2 : 32;
        kp->active = xrealloc(kp->active, kp->active_cap * sizeof *kp->active);
    }
    kp->active[kp->active_count++] = kp->pool_count;
    return kp->pool_count++;
}

/* Lines numbered n_widths and beyond all have the last width: for the
 * breaker they are one class, kept as n_widths. */
static size_t kp_line_class(const struct kp *kp, size_t line)
{
    return line < kp->n_widths ? line : kp->n_widths;
}

static int kp_fitness(double r)
{
    return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* Whether item i is a legal break, and what breaking there costs. */
static int kp_legal(const struct kp *kp, size_t i)
{
    if (i == kp->n)
        return 1;
    const struct linebreak_item *it = &kp->items[i];
    if (it->kind == LINEBREAK_BOX || it->penalty >= LINEBREAK_FORBID)
        return 0;
    if (it->kind == LINEBREAK_PENALTY)
        return 1;
    if (i == 0 || kp->items[i - 1].kind != LINEBREAK_BOX)
        return 0;
    /* Glue followed only by discardable items up to a forced break or the
     * end: the line would end the same there, at its natural width. */
    for (size_t k = i + 1; k < kp->n; k++) {
        if (kp->items[k].kind == LINEBREAK_BOX)
            return 1;
        if (kp->items[k].kind == LINEBREAK_PENALTY && kp->items[k].penalty <= LINEBREAK_FORCE)
            return 0;
    }
    return 0;
}

/* The adjustment ratio of the line from node a to a break at i. */
static double kp_ratio(const struct kp *kp, const struct kp_node *a, size_t i, int fill)
{
    const struct linebreak_item *it = i < kp->n ? &kp->items[i] : NULL;
    double width = kp->sw[i] - kp->sw[a->start];
    if (it && it->kind == LINEBREAK_PENALTY)
        width += it->width;
    /* what hangs into the margins (protrusion) needs no room in the line */
    double measure = a->measure + (it ? it->hang : 0);
    if (width < measure) {
        if (fill)
            return 0;
        double glue = kp->sy[i] - kp->sy[a->start] + kp->par->end_stretch;
        double boxes = kp->by[i] - kp->by[a->start], gap = measure - width;
        if (gap <= glue + boxes)
            return gap / (glue + boxes);
        return glue > 0 && (gap - boxes) / glue < RATIO_MAX ? (gap - boxes) / glue : RATIO_MAX;
    }
    if (width > measure) {
        double shrink = kp->sz[i] - kp->sz[a->start] + kp->bz[i] - kp->bz[a->start];
        return shrink > 0 ? (measure - width) / shrink : -RATIO_MAX;
    }
    return 0;
}

static void kp_candidate(struct kp_cand **cands, size_t *count, size_t *cap, struct kp_cand c)
{
    for (size_t k = 0; k < *count; k++) {
        struct kp_cand *o = &(*cands)[k];
        if (o->fitness == c.fitness && o->flagged == c.flagged && o->line == c.line) {
            /* (lines past the last given width are alike: their line is the class) */
            if (c.demerits < o->demerits)
                *o = c;
            return;
        }
    }
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *cands = xrealloc(*cands, *cap * sizeof **cands);
    }
    (*cands)[(*count)++] = c;
}

/* The reach for kp_ready at `tolerance`, or none (every line rated)
 * for a pass without one, a tolerance a line with nothing to stretch
 * meets (RATIO_MAX) or items whose reach would shrink. */
static void kp_reach(struct kp *kp, double tolerance)
{
    free(kp->reach);
    kp->reach = NULL;
    kp->tolerance = tolerance;
    if (tolerance <= 0 || tolerance >= RATIO_MAX)
        return;
    double *reach = xmalloc((kp->n + 1) * sizeof *reach), least = 0;
    int breaks = 0;
    reach[0] = 0;
    for (size_t i = 0; i < kp->n; i++) {
        const struct linebreak_item *it = &kp->items[i];
        double add = it->kind == LINEBREAK_BOX    ? it->width + it->stretch
                     : it->kind == LINEBREAK_GLUE ? it->width + tolerance * it->stretch
                                                  : 0;
        double at = it->hang - (it->kind == LINEBREAK_PENALTY ? it->width : 0);
        if (!(add >= 0) || !(at == at)) { /* (NaN too) */
            free(reach);
            return;
        }
        if (it->kind != LINEBREAK_BOX && (!breaks++ || at < least))
            least = at;
        reach[i + 1] = reach[i] + add;
    }
    kp->reach = reach;
    kp->reach_least = least < 0 ? least : 0; /* (the paragraph's end adds nothing) */
}

/* One pass at the given tolerance (<= 0: none, and lines that cannot fit
 * are set overfull). Returns the pool index of the best final node, or
 * SIZE_MAX when the pass found no way through. */
static size_t kp_pass(struct kp *kp, double tolerance)
{
    const struct linebreak_params *par = kp->par;
    int final = tolerance <= 0;
    struct kp_cand *cands = NULL;
    size_t cand_count = 0, cand_cap = 0;
    kp->pool_count = kp->active_count = 0;
    kp->quiet = SIZE_MAX;
    kp_reach(kp, final ? -1 : tolerance);
    kp_add_node(kp, (struct kp_node){SIZE_MAX, linebreak_line_start(kp->items, kp->n, 0), 0, 1, 0,
                                     0, 0, SIZE_MAX, 0, 0});

    for (size_t i = 0; i <= kp->n && kp->active_count > 0; i++) {
        const struct linebreak_item *it = i < kp->n ? &kp->items[i] : NULL;
        int is_pen = it && it->kind == LINEBREAK_PENALTY;
        int forced = !it || (is_pen && it->penalty <= LINEBREAK_FORCE);
        /* most breaks are in the middle of every active node's line */
        if ((!forced && i < kp->quiet) || !kp_legal(kp, i))
            continue;
        int flagged = is_pen && it->flagged;
        double pen = is_pen ? it->penalty : 0;
        size_t last_dropped = SIZE_MAX;
        cand_count = 0;
        kp->quiet = SIZE_MAX; /* again, from the nodes that stay and the new ones */
        for (size_t k = 0; k < kp->active_count;) {
            size_t ai = kp->active[k];
            const struct kp_node *a = &kp->pool[ai];
            /* its line has not begun, or cannot reach the measure: nothing to break */
            if (a->start >= i || (!forced && i < a->ready)) {
                kp_wake(kp, a);
                k++;
                continue;
            }
            double r = kp_ratio(kp, a, i, forced);
            int drop = r < -1 || forced;
            int feasible =
                r >= -1 && (final || r <= tolerance) &&
                !(flagged && par->max_flagged_run > 0 && a->flagged >= par->max_flagged_run);
            if (feasible) {
                double rr = r < 0 ? -r : r;
                double bad = 100 * rr * rr * rr;
                double d = (par->line_penalty + bad) * (par->line_penalty + bad);
                if (pen > 0)
                    d += pen * pen;
                else if (pen < 0 && !forced)
                    d -= pen * pen;
                if (flagged && a->flagged > 0)
                    d += par->flagged_demerits;
                if (i == kp->n && a->flagged > 0)
                    d += par->final_hyphen_demerits;
                int fit = kp_fitness(r);
                if (abs(fit - a->fitness) > 1)
                    d += par->fitness_demerits;
                kp_candidate(&cands, &cand_count, &cand_cap,
                             (struct kp_cand){fit, flagged ? a->flagged + 1 : 0,
                                              kp_line_class(kp, a->line + 1), ai, a->demerits + d,
                                              r});
            }
            if (drop) {
                /* the latest (SIZE_MAX + 1 wraps to 0: the start is the earliest) */
                if (last_dropped == SIZE_MAX ||
                    kp->pool[ai].pos + 1 > kp->pool[last_dropped].pos + 1)
                    last_dropped = ai;
                kp->active[k] = kp->active[--kp->active_count]; /* order does not matter */
                continue;
            }
            kp_wake(kp, a);
            k++;
        }
        if (cand_count == 0 && kp->active_count == 0 && final && last_dropped != SIZE_MAX) {
            /* Nothing fits: the latest node's line is set overfull, as TeX's
             * "artificial demerits" do. */
            const struct kp_node *a = &kp->pool[last_dropped];
            kp_candidate(&cands, &cand_count, &cand_cap,
                         (struct kp_cand){1, 0, kp_line_class(kp, a->line + 1), last_dropped,
                                          a->demerits, kp_ratio(kp, a, i, forced)});
        }
        size_t start = i < kp->n ? linebreak_line_start(kp->items, kp->n, i + 1) : kp->n;
        for (size_t c = 0; c < cand_count; c++)
            kp_add_node(kp, (struct kp_node){i, start, cands[c].line, cands[c].fitness,
                                             cands[c].flagged, cands[c].demerits, cands[c].ratio,
                                             cands[c].from, 0, 0});
    }
    free(cands);
    /* The best node whose next line would start past the end. */
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < kp->active_count; k++) {
        const struct kp_node *a = &kp->pool[kp->active[k]];
        if (a->start >= kp->n && a->pos != SIZE_MAX &&
            (best == SIZE_MAX || a->demerits < kp->pool[best].demerits ||
             (a->demerits == kp->pool[best].demerits && kp->active[k] < best)))
            best = kp->active[k];
    }
    return best;
}

size_t linebreak_total_fit(const struct linebreak_item *items, size_t n, const double *line_widths,
                           size_t n_widths, const struct linebreak_params *params, size_t **breaks,
                           double **ratios)
{
    struct kp kp = {0};
    kp.items = items;
    kp.n = n;
    kp.widths = line_widths;
    kp.n_widths = n_widths;
    kp.par = params;
    *breaks = NULL;
    if (ratios)
        *ratios = NULL;
    if (linebreak_line_start(items, n, 0) >= n) {
        *breaks = xmalloc(sizeof **breaks);
        if (ratios)
            *ratios = xmalloc(sizeof **ratios);
        return 0;
    }
    kp.sw = xmalloc((n + 1) * sizeof *kp.sw);
    kp.sy = xmalloc((n + 1) * sizeof *kp.sy);
    kp.sz = xmalloc((n + 1) * sizeof *kp.sz);
    kp.by = xmalloc((n + 1) * sizeof *kp.by);
    kp.bz = xmalloc((n + 1) * sizeof *kp.bz);
    kp.sw[0] = kp.sy[0] = kp.sz[0] = kp.by[0] = kp.bz[0] = 0;
    for (size_t i = 0; i < n; i++) {
        int glue = items[i].kind == LINEBREAK_GLUE, box = items[i].kind == LINEBREAK_BOX;
        kp.sw[i + 1] = kp.sw[i] + (items[i].kind == LINEBREAK_PENALTY ? 0 : items[i].width);
        kp.sy[i + 1] = kp.sy[i] + (glue ? items[i].stretch : 0);
        kp.sz[i + 1] = kp.sz[i] + (glue ? items[i].shrink : 0);
        kp.by[i + 1] = kp.by[i] + (box ? items[i].stretch : 0);
        kp.bz[i + 1] = kp.bz[i] + (box ? items[i].shrink : 0);
    }
    size_t best = kp_pass(&kp, params->tolerance);
    if (best == SIZE_MAX && params->emergency_tolerance > 0)
        best = kp_pass(&kp, params->emergency_tolerance);
    if (best == SIZE_MAX && params->emergency_tolerance >= 0)
        best = kp_pass(&kp, 0);

    size_t count = 0;
    if (best != SIZE_MAX) {
        for (size_t v = best; kp.pool[v].pos != SIZE_MAX; v = kp.pool[v].prev)
            count++;
        *breaks = xmalloc(count * sizeof **breaks);
        if (ratios)
            *ratios = xmalloc(count * sizeof **ratios);
        size_t k = count;
        for (size_t v = best; v != SIZE_MAX && kp.pool[v].pos != SIZE_MAX; v = kp.pool[v].prev) {
            k--;
            (*breaks)[k] = k == count - 1 ? n : kp.pool[v].pos;
            if (ratios)
                (*ratios)[k] = kp.pool[v].ratio;
        }
    }
    free(kp.sw);
    free(kp.sy);
    free(kp.sz);
    free(kp.by);
    free(kp.bz);
    free(kp.reach);
    free(kp.pool);
    free(kp.active);
    if (best == SIZE_MAX && params->emergency_tolerance < 0) { /* a trial pass only */
        *breaks = xmalloc(sizeof **breaks);
        if (ratios)
            *ratios = xmalloc(sizeof **ratios);
    } else if (best == SIZE_MAX) { /* cannot happen; first fit as a last resort */
        count = linebreak_first_fit(items, n, line_widths, n_widths, breaks);
        if (ratios)
            *ratios = xcalloc(count ? count : 1, sizeof **ratios);
    }
    return count;
}
