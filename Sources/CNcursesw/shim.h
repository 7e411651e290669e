#ifndef PAYGENT_CNCURSESW_SHIM_H
#define PAYGENT_CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Macros and globals Swift cannot import directly. Each shim is a
   static inline function, so the system-library target needs no C sources. */

static inline WINDOW *paygent_stdscr(void) { return stdscr; }
static inline int paygent_lines(void) { return LINES; }
static inline int paygent_cols(void) { return COLS; }
static inline int paygent_colors(void) { return COLORS; }
static inline int paygent_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t paygent_a_normal(void) { return A_NORMAL; }
static inline attr_t paygent_a_bold(void) { return A_BOLD; }
static inline attr_t paygent_a_reverse(void) { return A_REVERSE; }
static inline attr_t paygent_a_underline(void) { return A_UNDERLINE; }
static inline attr_t paygent_a_dim(void) { return A_DIM; }
static inline attr_t paygent_a_italic(void) { return A_ITALIC; }
static inline attr_t paygent_a_standout(void) { return A_STANDOUT; }
static inline attr_t paygent_color_pair(int n) { return COLOR_PAIR(n); }

static inline int paygent_key_resize(void) { return KEY_RESIZE; }
static inline int paygent_key_up(void) { return KEY_UP; }
static inline int paygent_key_down(void) { return KEY_DOWN; }
static inline int paygent_key_left(void) { return KEY_LEFT; }
static inline int paygent_key_right(void) { return KEY_RIGHT; }
static inline int paygent_key_home(void) { return KEY_HOME; }
static inline int paygent_key_end(void) { return KEY_END; }
static inline int paygent_key_npage(void) { return KEY_NPAGE; }
static inline int paygent_key_ppage(void) { return KEY_PPAGE; }
static inline int paygent_key_enter(void) { return KEY_ENTER; }
static inline int paygent_key_backspace(void) { return KEY_BACKSPACE; }
static inline int paygent_key_btab(void) { return KEY_BTAB; }
static inline int paygent_key_dc(void) { return KEY_DC; }
static inline int paygent_key_code_yes(void) { return KEY_CODE_YES; }
static inline int paygent_err(void) { return ERR; }

/* Set one wide cell with attributes and a colour pair; returns ERR/OK. */
static inline int paygent_mvadd_wch(WINDOW *w, int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, chars, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}

/* Same, with an int colour pair (extended pairs above 32767) passed through setcchar's opts. */
static inline int paygent_mvadd_wch_ext(WINDOW *w, int y, int x, const wchar_t *chars, attr_t attrs, int pair) {
    cchar_t cc;
    int p = pair;
    if (setcchar(&cc, chars, attrs, (short)(pair > 32767 ? 0 : pair), &p) == ERR) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}

/* Write `n` bytes of printable ASCII at (y, x) with attributes and a colour pair: one call per
   run instead of one per cell. The window's attributes are reset afterwards. */
static inline int paygent_mvaddnstr_attr(WINDOW *w, int y, int x, const char *text, int n, attr_t attrs, int pair) {
    int p = pair;
    wattr_set(w, attrs, (short)(pair > 32767 ? 0 : pair), &p);
    int r = mvwaddnstr(w, y, x, text, n);
    wattr_set(w, A_NORMAL, 0, NULL);
    return r;
}

/* Read one wide character or function key. Returns OK (char in *out), KEY_CODE_YES (key code in *out) or ERR. */
static inline int paygent_get_wch(WINDOW *w, int *out) {
    wint_t c = 0;
    int r = wget_wch(w, &c);
    *out = (int)c;
    return r;
}

static inline int paygent_ok(void) { return OK; }
static inline int paygent_key_ic(void) { return KEY_IC; }
static inline int paygent_key_f(int n) { return KEY_F(n); }
static inline int paygent_key_mouse(void) { return KEY_MOUSE; }

/* Mouse reporting on (clicks and the wheel) or off. */
static inline void paygent_mouse(int on) {
    mousemask(on ? (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0, NULL);
    mouseinterval(0);
}

/* The pending mouse event: kind 1 click, 2 wheel up, 3 wheel down, 0 other; -1 when none. */
static inline int paygent_get_mouse(int *row, int *col) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *row = event.y;
    *col = event.x;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 2;
    if (event.bstate & BUTTON5_PRESSED) return 3;
    return 0;
}
static inline const char *paygent_codeset(void) { return nl_langinfo(CODESET); }

#endif
