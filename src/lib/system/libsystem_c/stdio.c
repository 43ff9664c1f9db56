/*
 * stdio.c — Darwin's stdio over glibc's. A guest FILE is Darwin's `struct __sFILE` (152 bytes,
 * so the SDK's inline macros __sgetc/__sputc/__sfeof/__sferror/__sfileno compile against it)
 * followed by machrun's private part: the glibc FILE that does the buffering and formatting.
 * The public read/write counters _r and _w are kept at 0, so every inline getc/putc falls
 * through to __srget/__swbuf here; _flags mirrors EOF/error and _file the descriptor.
 *
 * printf/scanf formats go to glibc, which agrees with Darwin's libc on the C standard
 * conversions; where the output differs (%p of NULL) printf_fix.c rewrites the format first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/darwin/init.h"
#include "machrun/darwin/private.h"

struct darwin_sbuf {
    unsigned char *_base;
    int _size;
};

struct darwin_FILE {
    unsigned char *_p;
    int _r;
    int _w;
    short _flags;
    short _file;
    struct darwin_sbuf _bf;
    int _lbfsize;
    void *_cookie;
    int (*_close)(void *);
    int (*_read)(void *, char *, int);
    int64_t (*_seek)(void *, int64_t, int);
    int (*_write)(void *, const char *, int);
    struct darwin_sbuf _ub;
    void *_extra;
    int _ur;
    unsigned char _ubuf[3];
    unsigned char _nbuf[1];
    struct darwin_sbuf _lb;
    int _blksize;
    int64_t _offset;
};
_Static_assert(sizeof(struct darwin_FILE) == 152, "Darwin FILE is 152 bytes");

/* Darwin __sFILE _flags bits used by the inline macros. */
#define D_SEOF 0x0020
#define D_SERR 0x0040
#define D_SINUSE 0x0004 /* any non-zero value marks the FILE as in use; we use __SRW-like bit */

typedef struct dfile {
    struct darwin_FILE pub;
    FILE *g;           /* the glibc stream */
    /* funopen: the guest's callbacks */
    void *fcookie;
    int (*fread_fn)(void *, char *, int);
    int (*fwrite_fn)(void *, const char *, int);
    int64_t (*fseek_fn)(void *, int64_t, int);
    int (*fclose_fn)(void *);
} dfile;

static dfile d_stdin_obj, d_stdout_obj, d_stderr_obj;
static dfile *d_stdinp = &d_stdin_obj, *d_stdoutp = &d_stdout_obj, *d_stderrp = &d_stderr_obj;
DARWIN_EXPORT_DATA("___stdinp", d_stdinp);
DARWIN_EXPORT_DATA("___stdoutp", d_stdoutp);
DARWIN_EXPORT_DATA("___stderrp", d_stderrp);

static void sync_flags(dfile *f)
{
    short fl = f->pub._flags & ~(D_SEOF | D_SERR);
    if (feof_unlocked(f->g))
        fl |= D_SEOF;
    if (ferror_unlocked(f->g))
        fl |= D_SERR;
    f->pub._flags = fl;
}

static void wrap(dfile *f, FILE *g)
{
    memset(f, 0, sizeof *f);
    f->g = g;
    f->pub._flags = 0x0008; /* non-zero: in use */
    int fd = g ? fileno(g) : -1;
    f->pub._file = (short)(fd >= 0 && fd <= 0x7fff ? fd : -1);
    f->pub._cookie = f;
}

void darwin_stdio_init(void)
{
    wrap(&d_stdin_obj, stdin);
    wrap(&d_stdout_obj, stdout);
    wrap(&d_stderr_obj, stderr);
}

static dfile *new_dfile(FILE *g)
{
    if (!g) {
        errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    dfile *f = malloc(sizeof *f);
    if (!f) {
        fclose(g);
        errno = D_ENOMEM;
        return NULL;
    }
    wrap(f, g);
    return f;
}

void *darwin_stdio_wrap(FILE *host)
{
    return new_dfile(host);
}

FILE *darwin_stdio_host(void *darwin_file)
{
    return darwin_file ? ((dfile *)darwin_file)->g : NULL;
}

void darwin_stdio_release(void *darwin_file)
{
    dfile *f = darwin_file;
    if (f != &d_stdin_obj && f != &d_stdout_obj && f != &d_stderr_obj)
        free(f);
}

/* ---- open and close ---- */
static dfile *d_fopen(const char *path, const char *mode)
{
    return new_dfile(fopen(path, mode));
}
DARWIN_EXPORT("_fopen", d_fopen);
DARWIN_EXPORT("_fopen$DARWIN_EXTSN", d_fopen);

static dfile *d_fdopen(int fd, const char *mode)
{
    return new_dfile(fdopen(fd, mode));
}
DARWIN_EXPORT("_fdopen", d_fdopen);
DARWIN_EXPORT("_fdopen$DARWIN_EXTSN", d_fdopen);

static dfile *d_freopen(const char *path, const char *mode, dfile *f)
{
    FILE *g = freopen(path, mode, f->g);
    if (!g) {
        errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    wrap(f, g);
    return f;
}
DARWIN_EXPORT("_freopen", d_freopen);

static int d_fclose(dfile *f)
{
    int rc = fclose(f->g);
    int e = errno;
    free(f->pub._lb._base); /* fgetln's line */
    f->pub._lb._base = NULL;
    f->pub._lb._size = 0;
    if (f != &d_stdin_obj && f != &d_stdout_obj && f != &d_stderr_obj)
        free(f);
    else
        f->g = NULL;
    errno = e;
    return rc == EOF ? dret(-1), EOF : 0;
}
DARWIN_EXPORT("_fclose", d_fclose);

static dfile *d_tmpfile(void)
{
    return new_dfile(tmpfile());
}
DARWIN_EXPORT("_tmpfile", d_tmpfile);

static dfile *d_fmemopen(void *buf, size_t size, const char *mode)
{
    return new_dfile(fmemopen(buf, size, mode));
}
DARWIN_EXPORT("_fmemopen", d_fmemopen);

static dfile *d_open_memstream(char **bufp, size_t *sizep)
{
    return new_dfile(open_memstream(bufp, sizep));
}
DARWIN_EXPORT("_open_memstream", d_open_memstream);

/* funopen: Darwin's cookie streams, over glibc's fopencookie. */
static ssize_t fun_read(void *c, char *buf, size_t n)
{
    dfile *f = c;
    int r = f->fread_fn(f->fcookie, buf, n > 0x7fffffff ? 0x7fffffff : (int)n);
    return r;
}
static ssize_t fun_write(void *c, const char *buf, size_t n)
{
    dfile *f = c;
    int r = f->fwrite_fn(f->fcookie, buf, n > 0x7fffffff ? 0x7fffffff : (int)n);
    return r < 0 ? 0 : r;
}
static int fun_seek(void *c, off64_t *off, int whence)
{
    dfile *f = c;
    int64_t r = f->fseek_fn(f->fcookie, *off, whence);
    if (r < 0)
        return -1;
    *off = r;
    return 0;
}
static int fun_close(void *c)
{
    dfile *f = c;
    return f->fclose_fn ? f->fclose_fn(f->fcookie) : 0;
}

static dfile *d_funopen(const void *cookie, int (*readfn)(void *, char *, int),
                        int (*writefn)(void *, const char *, int), int64_t (*seekfn)(void *, int64_t, int),
                        int (*closefn)(void *))
{
    if (!readfn && !writefn) {
        errno = D_EINVAL;
        return NULL;
    }
    dfile *f = calloc(1, sizeof *f);
    if (!f) {
        errno = D_ENOMEM;
        return NULL;
    }
    f->fcookie = (void *)cookie;
    f->fread_fn = readfn;
    f->fwrite_fn = writefn;
    f->fseek_fn = seekfn;
    f->fclose_fn = closefn;
    cookie_io_functions_t io = {
        .read = readfn ? fun_read : NULL,
        .write = writefn ? fun_write : NULL,
        .seek = seekfn ? fun_seek : NULL,
        .close = fun_close,
    };
    const char *mode = readfn && writefn ? "r+" : readfn ? "r" : "w";
    FILE *g = fopencookie(f, mode, io);
    if (!g) {
        free(f);
        errno = D_ENOMEM;
        return NULL;
    }
    void *save[5] = { f->fcookie, (void *)f->fread_fn, (void *)f->fwrite_fn, (void *)f->fseek_fn,
                      (void *)f->fclose_fn };
    wrap(f, g);
    f->fcookie = save[0];
    f->fread_fn = (int (*)(void *, char *, int))save[1];
    f->fwrite_fn = (int (*)(void *, const char *, int))save[2];
    f->fseek_fn = (int64_t(*)(void *, int64_t, int))save[3];
    f->fclose_fn = (int (*)(void *))save[4];
    return f;
}
DARWIN_EXPORT("_funopen", d_funopen);

/* ---- the inline macros' slow paths ---- */
static int d___srget(dfile *f)
{
    f->pub._r = 0;
    int c = getc(f->g);
    if (c == EOF)
        sync_flags(f);
    return c;
}
DARWIN_EXPORT("___srget", d___srget);

static int d___swbuf(int c, dfile *f)
{
    f->pub._w = 0;
    int r = putc(c, f->g);
    if (r == EOF)
        sync_flags(f);
    return r;
}
DARWIN_EXPORT("___swbuf", d___swbuf);

/* ---- characters and lines ---- */
static int d_fgetc(dfile *f)
{
    int c = getc(f->g);
    if (c == EOF)
        sync_flags(f);
    return c;
}
DARWIN_EXPORT("_fgetc", d_fgetc);
DARWIN_EXPORT("_getc", d_fgetc);
DARWIN_EXPORT("_getc_unlocked", d_fgetc);

static int d_getchar(void)
{
    return d_fgetc(d_stdinp);
}
DARWIN_EXPORT("_getchar", d_getchar);
DARWIN_EXPORT("_getchar_unlocked", d_getchar);

static int d_fputc(int c, dfile *f)
{
    int r = putc(c, f->g);
    if (r == EOF)
        sync_flags(f);
    return r;
}
DARWIN_EXPORT("_fputc", d_fputc);
DARWIN_EXPORT("_putc", d_fputc);
DARWIN_EXPORT("_putc_unlocked", d_fputc);

static int d_putchar(int c)
{
    return d_fputc(c, d_stdoutp);
}
DARWIN_EXPORT("_putchar", d_putchar);
DARWIN_EXPORT("_putchar_unlocked", d_putchar);

static int d_ungetc(int c, dfile *f)
{
    int r = ungetc(c, f->g);
    sync_flags(f);
    return r;
}
DARWIN_EXPORT("_ungetc", d_ungetc);

static int d_fputs(const char *s, dfile *f)
{
    int r = fputs(s, f->g);
    if (r == EOF) {
        sync_flags(f);
        errno = darwin_errno_from_linux(errno);
    }
    return r;
}
DARWIN_EXPORT("_fputs", d_fputs);

static int d_puts(const char *s)
{
    int r = puts(s);
    if (r == EOF) {
        sync_flags(d_stdoutp);
        errno = darwin_errno_from_linux(errno);
    }
    return r;
}
DARWIN_EXPORT("_puts", d_puts);

static char *d_fgets(char *buf, int n, dfile *f)
{
    char *r = fgets(buf, n, f->g);
    if (!r)
        sync_flags(f);
    return r;
}
DARWIN_EXPORT("_fgets", d_fgets);

static ssize_t d_getdelim(char **line, size_t *cap, int delim, dfile *f)
{
    ssize_t r = getdelim(line, cap, delim, f->g);
    if (r < 0) {
        sync_flags(f);
        errno = darwin_errno_from_linux(errno);
    }
    return r;
}
DARWIN_EXPORT("_getdelim", d_getdelim);

static ssize_t d_getline(char **line, size_t *cap, dfile *f)
{
    return d_getdelim(line, cap, '\n', f);
}
DARWIN_EXPORT("_getline", d_getline);

/* fgetln: the next line (with its newline, if any) in a buffer of the stream's own, kept where
 * Darwin keeps it (_lb) and valid until the next call or fclose; NULL at end of file. */
static char *d_fgetln(dfile *f, size_t *len)
{
    char *line = (char *)f->pub._lb._base;
    size_t cap = f->pub._lb._size > 0 ? (size_t)f->pub._lb._size : 0;
    ssize_t r = getdelim(&line, &cap, '\n', f->g);
    f->pub._lb._base = (unsigned char *)line;
    f->pub._lb._size = cap > INT32_MAX ? INT32_MAX : (int)cap;
    if (r <= 0) {
        sync_flags(f);
        if (r < 0 && ferror(f->g))
            errno = darwin_errno_from_linux(errno);
        *len = 0;
        return NULL;
    }
    *len = (size_t)r;
    return line;
}
DARWIN_EXPORT("_fgetln", d_fgetln);

/* ---- blocks ---- */
static size_t d_fread(void *buf, size_t size, size_t n, dfile *f)
{
    size_t r = fread(buf, size, n, f->g);
    if (r < n)
        sync_flags(f);
    return r;
}
DARWIN_EXPORT("_fread", d_fread);

static size_t d_fwrite(const void *buf, size_t size, size_t n, dfile *f)
{
    size_t r = fwrite(buf, size, n, f->g);
    if (r < n) {
        sync_flags(f);
        errno = darwin_errno_from_linux(errno);
    }
    return r;
}
DARWIN_EXPORT("_fwrite", d_fwrite);
DARWIN_EXPORT("_fwrite$UNIX2003", d_fwrite);

/* ---- state ---- */
static int d_fflush(dfile *f)
{
    int r = fflush(f ? f->g : NULL);
    return r == EOF ? (dret(-1), EOF) : 0;
}
DARWIN_EXPORT("_fflush", d_fflush);

static int d_feof(dfile *f)
{
    return feof(f->g);
}
DARWIN_EXPORT("_feof", d_feof);

static int d_ferror(dfile *f)
{
    return ferror(f->g);
}
DARWIN_EXPORT("_ferror", d_ferror);

static void d_clearerr(dfile *f)
{
    clearerr(f->g);
    sync_flags(f);
}
DARWIN_EXPORT("_clearerr", d_clearerr);

static int d_fileno(dfile *f)
{
    return fileno(f->g);
}
DARWIN_EXPORT("_fileno", d_fileno);

static int d_fseeko(dfile *f, int64_t off, int whence)
{
    int r = fseeko(f->g, off, whence);
    sync_flags(f);
    return dret(r);
}
DARWIN_EXPORT("_fseeko", d_fseeko);

static int d_fseek(dfile *f, long off, int whence)
{
    return d_fseeko(f, off, whence);
}
DARWIN_EXPORT("_fseek", d_fseek);

static int64_t d_ftello(dfile *f)
{
    return dretl(ftello(f->g));
}
DARWIN_EXPORT("_ftello", d_ftello);
DARWIN_EXPORT("_ftell", d_ftello);

static void d_rewind(dfile *f)
{
    rewind(f->g);
    sync_flags(f);
}
DARWIN_EXPORT("_rewind", d_rewind);

/* Darwin's fpos_t is a plain 64-bit offset. */
static int d_fgetpos(dfile *f, int64_t *pos)
{
    int64_t p = ftello(f->g);
    if (p < 0)
        return dret(-1);
    *pos = p;
    return 0;
}
DARWIN_EXPORT("_fgetpos", d_fgetpos);

static int d_fsetpos(dfile *f, const int64_t *pos)
{
    return d_fseeko(f, *pos, SEEK_SET);
}
DARWIN_EXPORT("_fsetpos", d_fsetpos);

static int d_setvbuf(dfile *f, char *buf, int mode, size_t size)
{
    /* Darwin: _IOFBF 0, _IOLBF 1, _IONBF 2 — the same numbers as glibc. */
    return setvbuf(f->g, buf, mode, size) ? (errno = D_EINVAL, -1) : 0;
}
DARWIN_EXPORT("_setvbuf", d_setvbuf);

static void d_setbuf(dfile *f, char *buf)
{
    setbuf(f->g, buf);
}
DARWIN_EXPORT("_setbuf", d_setbuf);

static void d_setbuffer(dfile *f, char *buf, int size)
{
    setbuffer(f->g, buf, (size_t)size);
}
DARWIN_EXPORT("_setbuffer", d_setbuffer);

static int d_setlinebuf(dfile *f)
{
    setlinebuf(f->g);
    return 0;
}
DARWIN_EXPORT("_setlinebuf", d_setlinebuf);

static int d_fpurge(dfile *f)
{
    __fpurge(f->g);
    return 0;
}
DARWIN_EXPORT("_fpurge", d_fpurge);

static void d_flockfile(dfile *f)
{
    flockfile(f->g);
}
DARWIN_EXPORT("_flockfile", d_flockfile);

static int d_ftrylockfile(dfile *f)
{
    return ftrylockfile(f->g);
}
DARWIN_EXPORT("_ftrylockfile", d_ftrylockfile);

static void d_funlockfile(dfile *f)
{
    funlockfile(f->g);
}
DARWIN_EXPORT("_funlockfile", d_funlockfile);

/* ---- formatted output ---- */
/* The format to hand glibc: the caller's, or a fixed copy (freed with FMT_DONE). */
#define FMT_FIX(fmt, ap)                                                                                 \
    char *fixed_ = darwin_format_fix(fmt, ap);                                                           \
    const char *use_ = fixed_ ? fixed_ : (fmt)
#define FMT_DONE() free(fixed_)

static int d_vfprintf(dfile *f, const char *fmt, va_list ap)
{
    FMT_FIX(fmt, ap);
    int r = vfprintf(f->g, use_, ap);
    FMT_DONE();
    if (r < 0) {
        sync_flags(f);
        errno = darwin_errno_from_linux(errno);
    }
    return r;
}
DARWIN_EXPORT("_vfprintf", d_vfprintf);

static int d_fprintf(dfile *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_fprintf", d_fprintf);

static int d_vprintf(const char *fmt, va_list ap)
{
    return d_vfprintf(d_stdoutp, fmt, ap);
}
DARWIN_EXPORT("_vprintf", d_vprintf);

static int d_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfprintf(d_stdoutp, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_printf", d_printf);

static int d_vdprintf(int fd, const char *fmt, va_list ap)
{
    FMT_FIX(fmt, ap);
    int r = dret(vdprintf(fd, use_, ap));
    FMT_DONE();
    return r;
}
DARWIN_EXPORT("_vdprintf", d_vdprintf);

static int d_dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_dprintf", d_dprintf);

static int d_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    FMT_FIX(fmt, ap);
    int r = dret(vsnprintf(buf, n, use_, ap));
    FMT_DONE();
    return r;
}
DARWIN_EXPORT("_vsnprintf", d_vsnprintf);

static int d_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_snprintf", d_snprintf);

static int d_vsprintf(char *buf, const char *fmt, va_list ap)
{
    FMT_FIX(fmt, ap);
    int r = dret(vsprintf(buf, use_, ap));
    FMT_DONE();
    return r;
}
DARWIN_EXPORT("_vsprintf", d_vsprintf);

static int d_sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vsprintf(buf, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_sprintf", d_sprintf);

static int d_vasprintf(char **out, const char *fmt, va_list ap)
{
    FMT_FIX(fmt, ap);
    int r = vasprintf(out, use_, ap);
    FMT_DONE();
    if (r < 0) {
        *out = NULL;
        errno = D_ENOMEM;
    }
    return r;
}
DARWIN_EXPORT("_vasprintf", d_vasprintf);

static int d_asprintf(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vasprintf(out, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_asprintf", d_asprintf);

/* Fortified variants (clang emits these with _FORTIFY_SOURCE, the default on macOS). */
static int d___vsnprintf_chk(char *buf, size_t n, int flag, size_t objsize, const char *fmt, va_list ap)
{
    (void)flag;
    if (n > objsize) {
        fputs("machrun: __vsnprintf_chk: buffer overflow detected\n", stderr);
        abort();
    }
    return d_vsnprintf(buf, n, fmt, ap);
}
DARWIN_EXPORT("___vsnprintf_chk", d___vsnprintf_chk);

static int d___snprintf_chk(char *buf, size_t n, int flag, size_t objsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d___vsnprintf_chk(buf, n, flag, objsize, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("___snprintf_chk", d___snprintf_chk);

static int d___vsprintf_chk(char *buf, int flag, size_t objsize, const char *fmt, va_list ap)
{
    (void)flag;
    FMT_FIX(fmt, ap);
    int r = vsnprintf(buf, objsize, use_, ap);
    FMT_DONE();
    if (r >= 0 && (size_t)r >= objsize) {
        fputs("machrun: __vsprintf_chk: buffer overflow detected\n", stderr);
        abort();
    }
    return dret(r);
}
DARWIN_EXPORT("___vsprintf_chk", d___vsprintf_chk);

static int d___sprintf_chk(char *buf, int flag, size_t objsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d___vsprintf_chk(buf, flag, objsize, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("___sprintf_chk", d___sprintf_chk);

/* ---- formatted input ---- */
static int d_vfscanf(dfile *f, const char *fmt, va_list ap)
{
    int r = vfscanf(f->g, fmt, ap);
    sync_flags(f);
    return r;
}
DARWIN_EXPORT("_vfscanf", d_vfscanf);

static int d_fscanf(dfile *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfscanf(f, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_fscanf", d_fscanf);

static int d_vscanf(const char *fmt, va_list ap)
{
    return d_vfscanf(d_stdinp, fmt, ap);
}
DARWIN_EXPORT("_vscanf", d_vscanf);

static int d_scanf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfscanf(d_stdinp, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_scanf", d_scanf);

static int d_vsscanf(const char *s, const char *fmt, va_list ap)
{
    return vsscanf(s, fmt, ap);
}
DARWIN_EXPORT("_vsscanf", d_vsscanf);

static int d_sscanf(const char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsscanf(s, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_sscanf", d_sscanf);

/* ---- wide-character stdio (wint_t and wchar_t are 32-bit on both) ---- */
#include <wchar.h>

static int d_vfwprintf(dfile *f, const wchar_t *fmt, va_list ap)
{
    int r = vfwprintf(f->g, fmt, ap);
    if (r < 0) {
        sync_flags(f);
        errno = darwin_errno_from_linux(errno);
    }
    return r;
}
DARWIN_EXPORT("_vfwprintf", d_vfwprintf);

static int d_fwprintf(dfile *f, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfwprintf(f, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_fwprintf", d_fwprintf);

static int d_vwprintf(const wchar_t *fmt, va_list ap) { return d_vfwprintf(d_stdoutp, fmt, ap); }
DARWIN_EXPORT("_vwprintf", d_vwprintf);

static int d_wprintf(const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfwprintf(d_stdoutp, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_wprintf", d_wprintf);

static int d_vfwscanf(dfile *f, const wchar_t *fmt, va_list ap)
{
    int r = vfwscanf(f->g, fmt, ap);
    sync_flags(f);
    return r;
}
DARWIN_EXPORT("_vfwscanf", d_vfwscanf);

static int d_fwscanf(dfile *f, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfwscanf(f, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_fwscanf", d_fwscanf);

static int d_wscanf(const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfwscanf(d_stdinp, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_wscanf", d_wscanf);

static int d_vswscanf(const wchar_t *s, const wchar_t *fmt, va_list ap) { return vswscanf(s, fmt, ap); }
DARWIN_EXPORT("_vswscanf", d_vswscanf);

static int d_swscanf(const wchar_t *s, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vswscanf(s, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_swscanf", d_swscanf);

static wint_t d_fgetwc(dfile *f)
{
    wint_t c = fgetwc(f->g);
    if (c == WEOF)
        sync_flags(f);
    return c;
}
DARWIN_EXPORT("_fgetwc", d_fgetwc);
DARWIN_EXPORT("_getwc", d_fgetwc);
static wint_t d_getwchar(void) { return d_fgetwc(d_stdinp); }
DARWIN_EXPORT("_getwchar", d_getwchar);

static wint_t d_fputwc(wchar_t c, dfile *f)
{
    wint_t r = fputwc(c, f->g);
    if (r == WEOF)
        sync_flags(f);
    return r;
}
DARWIN_EXPORT("_fputwc", d_fputwc);
DARWIN_EXPORT("_putwc", d_fputwc);
static wint_t d_putwchar(wchar_t c) { return d_fputwc(c, d_stdoutp); }
DARWIN_EXPORT("_putwchar", d_putwchar);

static wint_t d_ungetwc(wint_t c, dfile *f) { return ungetwc(c, f->g); }
DARWIN_EXPORT("_ungetwc", d_ungetwc);

static int d_fputws(const wchar_t *s, dfile *f) { return fputws(s, f->g); }
DARWIN_EXPORT("_fputws", d_fputws);

static wchar_t *d_fgetws(wchar_t *s, int n, dfile *f)
{
    wchar_t *r = fgetws(s, n, f->g);
    if (!r)
        sync_flags(f);
    return r;
}
DARWIN_EXPORT("_fgetws", d_fgetws);

static int d_fwide(dfile *f, int mode) { return fwide(f->g, mode); }
DARWIN_EXPORT("_fwide", d_fwide);

/* ---- the _l printf forms (the locale only changes the decimal point and grouping) ---- */
#include <locale.h>
static int d_vfprintf_l(dfile *f, locale_t l, const char *fmt, va_list ap)
{
    locale_t old = uselocale(l ? l : LC_GLOBAL_LOCALE);
    int r = d_vfprintf(f, fmt, ap);
    uselocale(old);
    return r;
}
DARWIN_EXPORT("_vfprintf_l", d_vfprintf_l);

static int d_fprintf_l(dfile *f, locale_t l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfprintf_l(f, l, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_fprintf_l", d_fprintf_l);

static int d_printf_l(locale_t l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = d_vfprintf_l(d_stdoutp, l, fmt, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_printf_l", d_printf_l);

static int d_vprintf_l(locale_t l, const char *fmt, va_list ap) { return d_vfprintf_l(d_stdoutp, l, fmt, ap); }
DARWIN_EXPORT("_vprintf_l", d_vprintf_l);

static int d_sprintf_l(char *buf, locale_t l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    locale_t old = uselocale(l ? l : LC_GLOBAL_LOCALE);
    int r = d_vsprintf(buf, fmt, ap);
    uselocale(old);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_sprintf_l", d_sprintf_l);
