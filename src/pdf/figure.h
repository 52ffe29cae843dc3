/* Figures in print: a PNG or JPEG image across the text area with its
 * caption below, in one box so that a page never separates them.
 *
 * The image is scaled to the width it is given, keeping its proportions,
 * and shrunk further only when image and caption would not fit on a page.
 * Under it: the label ("Figura 4."), the caption, the credit ("Foto: …"),
 * the source line.
 * An image printed at less than 150 pixels an inch is enlarged past its
 * comfortable size: a warning says so ("image x.png is 300 px wide:
 * upscaled to 45 dpi"). A missing, unreadable, corrupt or refused image is
 * an error naming the file and the figure's content line (asset.h).
 *
 * Alternative text: in a tagged PDF (tagging.h) the image is a /Figure
 * structure element with /Alt, its caption and source paragraphs after
 * it; an empty alt makes a decorative image an artifact. Untagged, the alt
 * goes where the PDF specification (14.9.3) allows it without a structure
 * tree: a marked-content sequence `/Span <</Alt (text)>> BDC ... EMC` (an
 * empty one `/Artifact BMC ... EMC`). */
#ifndef FOLIO_PDF_FIGURE_H
#define FOLIO_PDF_FIGURE_H

#include <hpdf.h>
#include <libxml/tree.h>

#include "box.h"
#include "layout.h"

/* Each figure is printed at least this sharp, in pixels an inch, without a
 * warning. */
#define FIGURE_MIN_DPI 150.0

/* Lays out <figure> `node` as one box of the vertical list, at x and
 * `width` wide. Loads the image into the PDF (lo->env.fonts->pdf), from
 * lo->asset_dir. On error appends a diagnostic to lo->env.diags and adds
 * nothing. */
void figure_layout(struct layout *lo, const xmlNode *node, double x, double width);

/* 1 when a <gallery> has a photo with an image: figure_gallery sets it. */
int figure_gallery_pictured(const xmlNode *gallery);

/* Lays out a <gallery> as rows of photos across `width`: the photos of a
 * row share one height, keep their proportions and together fill the
 * width (a short last row excepted); each has its title, when, caption
 * and credit under it, and a row is one box. A photo without an image is
 * its text alone, never an empty frame. Each photo printed below
 * FIGURE_MIN_DPI is a warning at its image's content line. */
void figure_gallery(struct layout *lo, const xmlNode *node, double x, double width);

/* Draws a PRIM_IMAGE primitive with its top-left corner at PDF
 * coordinates (x, top); untagged (tagged 0), inside its own marked
 * content with its alternative text. */
void figure_draw(HPDF_Page page, const struct prim *p, double x, double top, int tagged);

#endif
