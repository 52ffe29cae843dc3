#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "util.h"

struct vitem *vlist_add(struct vlist *vl, enum vkind kind, int section)
{
    if (vl->count == vl->cap) {
        vl->cap = vl->cap ? vl->cap * 2 : 64;
        vl->items = xrealloc(vl->items, vl->cap * sizeof *vl->items);
    }
    struct vitem *it = &vl->items[vl->count++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->section = section;
    return it;
}

struct prim *vitem_prim(struct vitem *box, enum prim_kind kind)
{
    if (box->count == box->cap) {
        box->cap = box->cap ? box->cap * 2 : 8;
        box->prims = xrealloc(box->prims, box->cap * sizeof *box->prims);
    }
    struct prim *p = &box->prims[box->count++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->tag = box->tag;
    return p;
}

void vitem_clear(struct vitem *box)
{
    for (size_t j = 0; j < box->count; j++) {
        free(box->prims[j].text);
        free(box->prims[j].points);
    }
    free(box->prims);
    box->prims = NULL;
    box->count = box->cap = 0;
}

void vlist_free(struct vlist *vl)
{
    for (size_t i = 0; i < vl->count; i++)
        vitem_clear(&vl->items[i]);
    free(vl->items);
    memset(vl, 0, sizeof *vl);
}

void box_rect(struct vitem *box, double x, double y, double w, double h, unsigned rgb,
              double radius)
{
    struct prim *p = vitem_prim(box, PRIM_RECT);
    p->tag = 0;
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->rgb = rgb;
    p->radius = radius;
}

void box_frame(struct vitem *box, double x, double y, double w, double h, unsigned rgb,
               double radius, double line_width)
{
    box_rect(box, x, y, w, h, rgb, radius);
    box->prims[box->count - 1].line_width = line_width;
}

void box_line(struct vitem *box, double x, double y, double x2, double y2, unsigned rgb,
              double width)
{
    struct prim *p = vitem_prim(box, PRIM_LINE);
    p->tag = 0;
    p->x = x;
    p->y = y;
    p->w = x2 - x;
    p->h = y2 - y;
    p->rgb = rgb;
    p->line_width = width;
}

void box_dot(struct vitem *box, double x, double y, double r, unsigned rgb)
{
    struct prim *p = vitem_prim(box, PRIM_DOT);
    p->tag = 0;
    p->x = x;
    p->y = y;
    p->w = r;
    p->rgb = rgb;
}
