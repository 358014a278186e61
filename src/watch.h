/*
 * plangen watch: build, then build again whenever an input changes.
 */
#ifndef WATCH_H
#define WATCH_H

/*
 * Run build(arg) now and after every change to a file it read (the
 * document, its chapters and figure files, the layout, the font roles and
 * font files), printing the time taken and the first error of each. Never
 * returns unless watching fails (reported; returns 2). output names the
 * PDF in the summary lines.
 */
int watch_run(int (*build)(void *), void *arg, const char *output);

#endif
