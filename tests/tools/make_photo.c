/* Writes a photograph-like PNG for the tests, so that no stock photo is
 * kept in the tree: a sky graded by height, a sun, three ranges of hills
 * and a noisy grain, in colours picked by the seed. The same arguments
 * always give the same file.
 *
 *     make_photo OUT.png WIDTH HEIGHT [SEED]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

static unsigned char S_clamp(double v)
{
    return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: make_photo OUT.png WIDTH HEIGHT [SEED]\n");
        return 2;
    }
    long w = strtol(argv[2], NULL, 10), h = strtol(argv[3], NULL, 10);
    unsigned seed = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 1;
    if (w < 1 || h < 1 || w > 8000 || h > 8000) {
        fprintf(stderr, "make_photo: a size from 1 to 8000 px is expected\n");
        return 2;
    }
    double hue = (seed * 47 % 360) / 360.0 * 6.283;
    double sky[3] = {120 + 60 * cos(hue), 160 + 50 * cos(hue + 2), 220 + 30 * cos(hue + 4)};
    double land[3] = {70 + 40 * cos(hue + 3), 110 + 40 * cos(hue + 1), 60 + 30 * cos(hue + 5)};
    double sun_x = w * (0.2 + 0.6 * ((seed * 31) % 100) / 100.0), sun_y = h * 0.28,
           sun_r = (w < h ? w : h) * 0.09;
    unsigned char *px = malloc((size_t)w * (size_t)h * 3);
    if (!px)
        return 1;
    unsigned noise = seed * 2654435761u;
    for (long y = 0; y < h; y++) {
        for (long x = 0; x < w; x++) {
            double fx = (double)x / w, fy = (double)y / h, c[3];
            for (int k = 0; k < 3; k++)
                c[k] = sky[k] * (1 - 0.45 * fy) + 40 * fy;
            double dx = x - sun_x, dy = y - sun_y;
            if (dx * dx + dy * dy < sun_r * sun_r)
                c[0] = 250, c[1] = 220, c[2] = 120;
            for (int range = 0; range < 3; range++) {
                double top = 0.5 + 0.13 * range +
                             0.06 * sin(fx * (5 + 2 * range) + seed + range * 1.7) +
                             0.03 * sin(fx * (17 + range) + seed * 3.0);
                if (fy > top) {
                    double shade = 1.0 - 0.22 * (2 - range) + 0.25 * (fy - top);
                    for (int k = 0; k < 3; k++)
                        c[k] = land[k] * shade;
                }
            }
            noise = noise * 1103515245u + 12345u;
            double grain = (double)((noise >> 16) & 0x7) - 4;
            unsigned char *p = px + ((size_t)y * (size_t)w + (size_t)x) * 3;
            for (int k = 0; k < 3; k++)
                p[k] = S_clamp(c[k] + grain);
        }
    }
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)w;
    image.height = (png_uint_32)h;
    image.format = PNG_FORMAT_RGB;
    int ok = png_image_write_to_file(&image, argv[1], 0, px, 0, NULL);
    if (!ok)
        fprintf(stderr, "make_photo: %s: %s\n", argv[1], image.message);
    free(px);
    return ok ? 0 : 1;
}
