/* A libintl without catalogues, for the Windows build's static GLib (scripts/windows/deps.sh).
   GLib asks for gettext at build time; Quartermaster translates its own words with wxWidgets'
   catalogues and never shows GLib's messages, so each call here returns the English text. */
#ifndef QM_LIBINTL_H
#define QM_LIBINTL_H

#ifdef __cplusplus
extern "C" {
#endif

/* format_arg: a translated format string is checked against its arguments like the original. */
#define QM_INTL_FORMAT(n) __attribute__((__format_arg__(n)))

char *gettext(const char *msgid) QM_INTL_FORMAT(1);
char *dgettext(const char *domain, const char *msgid) QM_INTL_FORMAT(2);
char *dcgettext(const char *domain, const char *msgid, int category) QM_INTL_FORMAT(2);
char *ngettext(const char *msgid, const char *plural, unsigned long n) QM_INTL_FORMAT(1) QM_INTL_FORMAT(2);
char *dngettext(const char *domain, const char *msgid, const char *plural, unsigned long n)
    QM_INTL_FORMAT(2) QM_INTL_FORMAT(3);
char *dcngettext(const char *domain, const char *msgid, const char *plural, unsigned long n, int category)
    QM_INTL_FORMAT(2) QM_INTL_FORMAT(3);
char *textdomain(const char *domain);
char *bindtextdomain(const char *domain, const char *dir);
char *bind_textdomain_codeset(const char *domain, const char *codeset);

#ifdef __cplusplus
}
#endif

#endif
