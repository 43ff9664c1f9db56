/* stdio_wide.c — wide-character stdio: wprintf, fwprintf, swprintf, fputws/fgetws,
 * putwc/getwc on a file, swscanf. */
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

int main(void)
{
    setlocale(LC_ALL, "C");
    FILE *f = fopen("wide.txt", "w+");
    fwprintf(f, L"%ls %d %5.2f\n", L"wide", 42, 3.14159);
    fputws(L"second line\n", f);
    fputwc(L'Z', f);
    fputwc(L'\n', f);
    rewind(f);
    wchar_t buf[64];
    while (fgetws(buf, 64, f))
        wprintf(L"read: %ls", buf);
    fclose(f);
    remove("wide.txt");
    wchar_t out[64];
    int n = swprintf(out, 64, L"[%-6ls|%3d]", L"ab", 7);
    wprintf(L"swprintf %d: %ls\n", n, out);
    int a = 0;
    wchar_t w[16];
    n = swscanf(L"12 word", L"%d %ls", &a, w);
    wprintf(L"swscanf %d: %d %ls\n", n, a, w);
    wprintf(L"wcslen=%zu wcscmp=%d\n", wcslen(L"hello"), wcscmp(L"a", L"b") < 0);
    return 0;
}
