// main.cpp — the program of the cross-image C++ test set (tests/cxx): it links libcxxshape
// through @rpath ($ORIGIN natively) and dlopens lib/plugin. Exceptions thrown in the dylib are
// caught here by their type and by a base class; exceptions thrown here pass through a callback
// frame inside the dylib; dynamic_cast and typeid agree across the three images, including for
// Box<int> and Thrown<int>, which every image instantiates (weak definitions dyld must
// coalesce); and the operator new replaced here serves allocations made inside the dylib, the
// plugin and libc++.
#include "libcxxshape.h"

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <new>
#include <thread>
#include <typeinfo>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

static std::atomic<long> news{0}, deletes{0};
static std::atomic<bool> counting{false};

void *operator new(std::size_t n)
{
    if (counting)
        news++;
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}
void operator delete(void *p) noexcept
{
    if (p && counting)
        deletes++;
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept { ::operator delete(p); }

struct MainError {
    int n;
    explicit MainError(int v) : n(v) {}
    virtual ~MainError();
};
MainError::~MainError() = default;
struct MainStdError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

static void exe_dir(char *buf, size_t n)
{
#ifdef __APPLE__
    uint32_t size = static_cast<uint32_t>(n);
    _NSGetExecutablePath(buf, &size);
#else
    ssize_t r = readlink("/proc/self/exe", buf, n - 1);
    buf[r > 0 ? r : 0] = 0;
#endif
    char *s = std::strrchr(buf, '/');
    if (s)
        *s = 0;
}

static void dylib_exceptions()
{
    std::printf("-- exceptions thrown in the dylib\n");
    try {
        shape::make_shape("triangle", 1);
    } catch (const shape::ShapeError &e) {
        std::printf("caught ShapeError: %s code %d\n", e.what(), e.code());
    }
    try {
        shape::make_shape("circle", -2);
    } catch (const shape::RangeError &e) {
        std::printf("caught RangeError: %s value %g code %d\n", e.what(), e.value(), e.code());
    }
    try {
        shape::make_shape("square", -3);
    } catch (const shape::ShapeError &e) {
        std::printf("RangeError caught as ShapeError: %s is RangeError %d\n", e.what(),
                    dynamic_cast<const shape::RangeError *>(&e) != nullptr);
    }
    try {
        shape::make_shape("hexagon", 1);
    } catch (const std::runtime_error &e) {
        std::printf("ShapeError caught as std::runtime_error: %s\n", e.what());
    }
    try {
        shape::make_shape("circle", -1);
    } catch (const std::exception &e) {
        std::printf("RangeError caught as std::exception: %s typeid matches %d\n", e.what(),
                    typeid(e) == typeid(shape::RangeError));
    }
    const char *names[] = {"out_of_range", "invalid_argument", "logic_error", "overflow_error", "vector::at", "bad_alloc", "int"};
    for (int i = 0; i <= 6; i++) {
        try {
            shape::throw_std(i);
        } catch (const std::out_of_range &e) {
            std::printf("throw_std(%d) %s: caught out_of_range%s\n", i, names[i], i == 4 ? "" : (std::string(": ") + e.what()).c_str());
        } catch (const std::invalid_argument &e) {
            std::printf("throw_std(%d) %s: caught invalid_argument: %s\n", i, names[i], e.what());
        } catch (const std::logic_error &e) {
            std::printf("throw_std(%d) %s: caught logic_error: %s\n", i, names[i], e.what());
        } catch (const std::runtime_error &e) {
            std::printf("throw_std(%d) %s: caught runtime_error: %s\n", i, names[i], e.what());
        } catch (const std::bad_alloc &) {
            std::printf("throw_std(%d) %s: caught bad_alloc\n", i, names[i]);
        } catch (int v) {
            std::printf("throw_std(%d) %s: caught int %d\n", i, names[i], v);
        }
    }
    try {
        shape::throw_thrown(5);
    } catch (const shape::Thrown<int> &t) {
        std::printf("caught Thrown<int> (weak typeinfo) from the dylib: %d\n", t.payload);
    } catch (...) {
        std::printf("Thrown<int> from the dylib NOT matched by its type\n");
    }
}

static void through_callbacks()
{
    std::printf("-- exceptions thrown here through the dylib's frames\n");
    int calls = 0;
    try {
        shape::visit(10, [&calls](int i) {
            calls++;
            if (i == 3)
                throw MainError(i);
        });
        std::printf("visit returned normally?!\n");
    } catch (const MainError &e) {
        std::printf("caught MainError %d after %d calls\n", e.n, calls);
    }
    try {
        shape::visit_rethrow(10, [](int i) {
            if (i == 4)
                throw MainStdError("MainStdError through visit_rethrow");
        });
    } catch (const std::exception &e) {
        std::printf("caught as std::exception: %s\n", e.what());
    }
    std::printf("visit without throwing: %d\n", shape::visit(3, [](int) {}));
}

static void rtti()
{
    std::printf("-- dynamic_cast and typeid across images\n");
    auto c = shape::make_shape("circle", 2);
    auto s = shape::make_shape("square", 3);
    std::printf("%s area %g, %s area %g\n", c->name().c_str(), c->area(), s->name().c_str(), s->area());
    std::printf("dynamic_cast<Circle*>: circle %d square %d\n", dynamic_cast<shape::Circle *>(c.get()) != nullptr,
                dynamic_cast<shape::Circle *>(s.get()) != nullptr);
    shape::Shape &cr = *c;
    std::printf("typeid(*circle) == typeid(Circle) %d, name %s\n", typeid(cr) == typeid(shape::Circle), typeid(cr).name());
    shape::BoxBase *b = shape::make_box(17);
    shape::BoxBase &br = *b;
    std::printf("Box<int> made in the dylib: id %d, dynamic_cast here %d, typeid equal %d, &typeid equal %d\n", b->id(),
                dynamic_cast<shape::Box<int> *>(b) != nullptr, typeid(br) == typeid(shape::Box<int>),
                &typeid(br) == &typeid(shape::Box<int>));
    shape::Box<int> mine(5);
    std::printf("Box<int> made here: dylib's dynamic_cast %d, dylib typeid equal %d, name %s\n", shape::is_int_box(&mine),
                shape::box_int_type() == typeid(shape::Box<int>), shape::box_int_type().name());
    shape::Box<long> other(6);
    std::printf("Box<long>: dylib's dynamic_cast to Box<int> %d, get %ld\n", shape::is_int_box(&other), other.get());
    delete b;
}

static void allocations()
{
    std::printf("-- operator new replaced here\n");
    counting = true;
    long n0 = news, d0 = deletes;
    std::vector<int> *v = shape::make_numbers(1000);
    std::printf("dylib's new vector<int>(1000): new called: %s, allocations %ld, v[999] %d\n", news > n0 ? "yes" : "no",
                news - n0, (*v)[999]);
    delete v;
    std::printf("  deleted here: %ld\n", deletes - d0);
    n0 = news;
    {
        std::string s = shape::make_string(100);
        std::printf("dylib's string(100): new called: %s, allocations %ld, length %zu\n", news > n0 ? "yes" : "no", news - n0,
                    s.size());
    }
    n0 = news;
    {
        auto sp = shape::make_shared_circle(1);
        std::printf("dylib's make_shared<Circle>: new called: %s, allocations %ld, area %g\n", news > n0 ? "yes" : "no",
                    news - n0, sp->area());
    }
    n0 = news;
    {
        auto sh = shape::make_shape("square", 2);
        std::printf("dylib's new Square: allocations %ld\n", news - n0);
    }
    n0 = news;
    try {
        shape::throw_std(0);
    } catch (const std::exception &) {
        std::printf("std::out_of_range(const char*) built in the dylib: new called: %s\n", news > n0 ? "yes" : "no");
    }
    counting = false;
}

struct MainStatic {
    MainStatic() { std::printf("main: static constructor\n"); }
    ~MainStatic() { std::printf("main: static destructor\n"); }
} main_static;

static void statics_and_threads()
{
    std::printf("-- the dylib's statics from many threads\n");
    std::vector<std::thread> ts;
    std::atomic<int> go{0}, sum{0};
    for (int i = 0; i < 12; i++)
        ts.emplace_back([&go, &sum, i] {
            while (!go.load())
                std::this_thread::yield();
            sum += shape::registry_value();
            shape::touch_thread_state(i + 1);
        });
    go = 1;
    for (auto &t : ts)
        t.join();
    std::printf("function-local static built %d time(s), sum %d\n", shape::registry_constructions(), sum.load());
    std::printf("dylib thread_local objects destroyed intact %d, sum %ld\n", shape::thread_states_destroyed(),
                shape::thread_states_sum());
    std::exception_ptr ep;
    std::thread t([&ep] {
        try {
            shape::make_shape("circle", -5);
        } catch (...) {
            ep = std::current_exception();
        }
    });
    t.join();
    try {
        std::rethrow_exception(ep);
    } catch (const shape::RangeError &e) {
        std::printf("RangeError thrown by the dylib in a thread, rethrown here: %s\n", e.what());
    }
}

static void plugin()
{
    std::printf("-- the dlopen'ed plugin\n");
    char path[PATH_MAX];
    exe_dir(path, sizeof path);
    std::strcat(path, "/lib/plugin");
    void *h = dlopen(path, RTLD_NOW);
    if (!h) {
        std::printf("dlopen failed\n");
        return;
    }
    auto make = reinterpret_cast<plugin_make_fn>(dlsym(h, "plugin_make"));
    auto box_type = reinterpret_cast<const std::type_info *(*)()>(dlsym(h, "plugin_box_type"));
    auto make_box = reinterpret_cast<shape::BoxBase *(*)(int)>(dlsym(h, "plugin_make_box"));
    auto is_circle = reinterpret_cast<bool (*)(const shape::Shape *)>(dlsym(h, "plugin_is_circle"));
    auto pthrow = reinterpret_cast<void (*)(int)>(dlsym(h, "plugin_throw"));
    auto pvisit = reinterpret_cast<int (*)()>(dlsym(h, "plugin_visit"));
    auto palloc = reinterpret_cast<void *(*)(int)>(dlsym(h, "plugin_alloc"));
    auto pfree = reinterpret_cast<void (*)(void *)>(dlsym(h, "plugin_free"));
    if (!make || !box_type || !make_box || !is_circle || !pthrow || !pvisit || !palloc || !pfree) {
        std::printf("dlsym failed\n");
        return;
    }
    shape::Shape *hx = make(2);
    std::printf("plugin shape %s area %g, is a Shape %d, is a Circle %d\n", hx->name().c_str(), hx->area(),
                dynamic_cast<shape::Shape *>(hx) != nullptr, dynamic_cast<shape::Circle *>(hx) != nullptr);
    delete hx;
    auto c = shape::make_shape("circle", 1);
    std::printf("plugin's dynamic_cast of the dylib's circle %d\n", is_circle(c.get()));
    std::printf("plugin's typeid(Box<int>) equal to ours %d, to the dylib's %d\n", *box_type() == typeid(shape::Box<int>),
                *box_type() == shape::box_int_type());
    shape::BoxBase *pb = make_box(8);
    std::printf("plugin's Box<int>: dynamic_cast here %d, in the dylib %d, id %d\n", dynamic_cast<shape::Box<int> *>(pb) != nullptr,
                shape::is_int_box(pb), pb->id());
    delete pb;
    for (int i = 0; i < 4; i++) {
        try {
            pthrow(i);
        } catch (const shape::ShapeError &e) {
            std::printf("plugin_throw(%d): ShapeError %s code %d\n", i, e.what(), e.code());
        } catch (const shape::Thrown<int> &t) {
            std::printf("plugin_throw(%d): Thrown<int> %d\n", i, t.payload);
        } catch (const std::runtime_error &e) {
            std::printf("plugin_throw(%d): as std::runtime_error: %s\n", i, e.what());
        } catch (const std::exception &e) {
            std::printf("plugin_throw(%d): as std::exception: %s\n", i, e.what());
        } catch (...) {
            std::printf("plugin_throw(%d): not matched\n", i);
        }
    }
    std::printf("plugin_visit %d\n", pvisit());
    counting = true;
    long n0 = news, d0 = deletes;
    void *pv = palloc(50);
    pfree(pv);
    std::printf("plugin's new vector<int>(50): new called: %s, allocations %ld, deletes %ld\n", news > n0 ? "yes" : "no",
                news - n0, deletes - d0);
    counting = false;
    dlclose(h);
}

int main()
{
    dylib_exceptions();
    through_callbacks();
    rtti();
    allocations();
    statics_and_threads();
    plugin();
    std::printf("done\n");
    return 0;
}
