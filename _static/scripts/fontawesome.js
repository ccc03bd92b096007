/* lossbook: this file replaces the theme's Font Awesome script (1.5 MB, about
   540 kB gzip-compressed, loaded by every page). That script only turns the
   theme's <i class="fa-..."> icons into inline SVG so that sites can add
   custom icons; the book adds none, and the theme's style sheet already draws
   every icon it uses from the Font Awesome web font. Files in html_static_path
   take the place of the theme's files of the same name. */
