// cxx_operator_new.cpp — a program that replaces the global operator new and delete (all the
// forms it may: plain, array, nothrow, sized, aligned) and counts. Allocations made inside the
// C++ library itself — a vector<int>(1000), a 100-character std::string, make_shared, a
// std::function holding a large lambda, a thrown exception's message, a stringstream's buffer,
// std::thread's state — must reach the program's operator new: under dyld the library's calls
// bind to the program's definition (a weak/coalesced symbol), not to libc++abi's own.
// Counts are printed only where the standard or both libraries agree on them exactly.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

static std::atomic<long> news{0}, deletes{0}, array_news{0}, array_deletes{0}, aligned_news{0}, nothrow_news{0};
static std::atomic<long> bytes{0};
static std::atomic<bool> counting{false};

void *operator new(std::size_t n)
{
    if (counting) {
        news++;
        bytes += static_cast<long>(n);
    }
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}
void *operator new[](std::size_t n)
{
    if (counting)
        array_news++;
    return ::operator new(n);
}
void *operator new(std::size_t n, const std::nothrow_t &) noexcept
{
    if (counting)
        nothrow_news++;
    return std::malloc(n ? n : 1);
}
void *operator new[](std::size_t n, const std::nothrow_t &) noexcept
{
    if (counting)
        nothrow_news++;
    return std::malloc(n ? n : 1);
}
void *operator new(std::size_t n, std::align_val_t al)
{
    if (counting)
        aligned_news++;
    void *p = nullptr;
    std::size_t a = static_cast<std::size_t>(al);
    if (posix_memalign(&p, a < sizeof(void *) ? sizeof(void *) : a, n ? n : 1))
        throw std::bad_alloc();
    return p;
}
void operator delete(void *p) noexcept
{
    if (p && counting)
        deletes++;
    std::free(p);
}
void operator delete[](void *p) noexcept
{
    if (p && counting)
        array_deletes++;
    ::operator delete(p);
}
void operator delete(void *p, std::size_t) noexcept { ::operator delete(p); }
void operator delete[](void *p, std::size_t) noexcept { ::operator delete[](p); }
void operator delete(void *p, std::align_val_t) noexcept
{
    if (p && counting)
        deletes++;
    std::free(p);
}
void operator delete(void *p, std::size_t, std::align_val_t al) noexcept { ::operator delete(p, al); }

// Allocations whose pointers escape here cannot be elided by the compiler.
static int *volatile keep;
static void *volatile sink;

struct alignas(64) Wide {
    char data[64];
};

static long snap_news, snap_deletes, snap_bytes;
static void start()
{
    snap_news = news;
    snap_deletes = deletes;
    snap_bytes = bytes;
}
static long dn() { return news - snap_news; }
static long dd() { return deletes - snap_deletes; }
static long db() { return bytes - snap_bytes; }

int main()
{
    counting = true;
    start();
    {
        std::vector<int> v(1000);
        std::printf("vector<int>(1000): new called: %s, allocations %ld, bytes %ld\n", dn() > 0 ? "yes" : "no", dn(), db());
    }
    std::printf("  freed through our delete: %ld\n", dd());

    start();
    {
        std::string s(100, 'x');
        std::printf("string(100): new called: %s, allocations %ld, at least 101 bytes %d\n", dn() > 0 ? "yes" : "no", dn(),
                    db() >= 101);
        s += std::string(200, 'y');
        std::printf("  grown: more allocations %d, length %zu\n", dn() >= 2, s.size());
    }
    std::printf("  all freed: %d\n", dd() == dn());

    start();
    {
        auto sp = std::make_shared<long>(7);
        std::printf("make_shared<long>: new called: %s, allocations %ld (one block)\n", dn() > 0 ? "yes" : "no", dn());
        auto sp2 = sp;
        std::weak_ptr<long> w = sp;
        std::printf("  copies and weak_ptr allocate nothing: %d\n", dn() == 1);
    }
    std::printf("  freed: %ld\n", dd());

    start();
    {
        std::shared_ptr<int> sp(new int(3));
        std::printf("shared_ptr(new int): allocations %ld (object and control block)\n", dn());
    }
    std::printf("  freed: %ld\n", dd());

    start();
    {
        char big[256] = {0};
        std::function<int()> f = [big]() { return big[0] + 1; };
        std::printf("std::function with a 256-byte capture: new called: %s, allocations %ld, result %d\n",
                    dn() > 0 ? "yes" : "no", dn(), f());
    }
    std::printf("  freed: %ld\n", dd());

    start();
    {
        std::map<int, int> m;
        for (int i = 0; i < 10; i++)
            m[i] = i;
        std::printf("map with 10 entries: allocations %ld\n", dn());
    }
    std::printf("  freed: %ld\n", dd());

    start();
    {
        std::ostringstream os;
        for (int i = 0; i < 200; i++)
            os << "0123456789";
        std::printf("ostringstream of 2000 chars: new called: %s, length %zu\n", dn() > 0 ? "yes" : "no", os.str().size());
    }
    std::printf("  all freed: %d\n", dd() == dn());

    start();
    try {
        throw std::runtime_error("a message held by the library's own reference-counted string");
    } catch (const std::runtime_error &e) {
        std::printf("runtime_error(const char *): new called: %s, what length %zu\n", dn() > 0 ? "yes" : "no",
                    std::strlen(e.what()));
    }

    start();
    {
        std::thread t([] {});
        t.join();
        std::printf("std::thread: new called: %s\n", dn() > 0 ? "yes" : "no");
    }

    long a0 = array_news, ad0 = array_deletes;
    keep = new int[50];
    delete[] keep;
    std::printf("new[]/delete[]: array news %ld array deletes %ld\n", array_news - a0, array_deletes - ad0);

    long al0 = aligned_news;
    Wide *w = new Wide;
    sink = w;
    std::printf("aligned new: %ld, aligned to 64: %d\n", aligned_news - al0, reinterpret_cast<std::uintptr_t>(w) % 64 == 0);
    delete w;
    {
        std::vector<Wide> wv(3);
        sink = wv.data();
        std::printf("vector<alignas(64)>: aligned new called %ld\n", aligned_news - al0 - 1);
    }

    long nt0 = nothrow_news;
    int *np = new (std::nothrow) int(5);
    sink = np;
    std::printf("nothrow new: %ld value %d\n", nothrow_news - nt0, *np);
    delete np;

    start();
    {
        std::unique_ptr<int> up = std::make_unique<int>(1);
        std::unique_ptr<int[]> ua = std::make_unique<int[]>(4);
        std::printf("make_unique: plain news %ld\n", dn());
    }
    counting = false;
    std::printf("done\n");
    return 0;
}
