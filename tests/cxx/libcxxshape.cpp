// libcxxshape.cpp — the C++ dylib of tests/cxx (see libcxxshape.h).
#include "libcxxshape.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <new>
#include <thread>
#include <typeinfo>

namespace shape {

Shape::~Shape() = default;
std::string Shape::name() const { return "shape"; }

Circle::~Circle() = default;
double Circle::area() const { return 3.0 * r_ * r_; }
std::string Circle::name() const { return "circle"; }

Square::~Square() = default;
double Square::area() const { return s_ * s_; }
std::string Square::name() const { return "square"; }

BoxBase::~BoxBase() = default;

ShapeError::ShapeError(const std::string &what, int code) : std::runtime_error(what), code_(code) {}
ShapeError::~ShapeError() = default;
RangeError::RangeError(const std::string &what, double value) : ShapeError(what, 22), value_(value) {}
RangeError::~RangeError() = default;

std::unique_ptr<Shape> make_shape(const std::string &kind, double size)
{
    if (size < 0)
        throw RangeError("negative size for " + kind, size);
    if (kind == "circle")
        return std::unique_ptr<Shape>(new Circle(size));
    if (kind == "square")
        return std::unique_ptr<Shape>(new Square(size));
    throw ShapeError("unknown shape " + kind, 7);
}

BoxBase *make_box(int v) { return new Box<int>(v); }
bool is_int_box(const BoxBase *b) { return dynamic_cast<const Box<int> *>(b) != nullptr; }
const std::type_info &box_int_type() { return typeid(Box<int>); }

void throw_std(int which)
{
    switch (which) {
    case 0: throw std::out_of_range("out_of_range from the dylib");
    case 1: throw std::invalid_argument("invalid_argument from the dylib");
    case 2: throw std::logic_error("logic_error from the dylib");
    case 3: throw std::overflow_error("overflow_error from the dylib");
    case 4: (void)std::vector<int>().at(3); break; // thrown by libc++ itself
    case 5: throw std::bad_alloc();
    default: throw 42;
    }
}

void throw_thrown(int v) { throw Thrown<int>{v}; }

namespace {
struct Noisy {
    const char *what;
    ~Noisy() { std::printf("  dylib: %s unwound\n", what); }
};
} // namespace

int visit(int n, const std::function<void(int)> &cb)
{
    Noisy guard{"visit frame"};
    int done = 0;
    for (int i = 0; i < n; i++) {
        cb(i);
        done++;
    }
    return done;
}

int visit_rethrow(int n, void (*cb)(int))
{
    int done = 0;
    try {
        for (int i = 0; i < n; i++) {
            cb(i);
            done++;
        }
    } catch (...) {
        std::printf("  dylib: caught (...) after %d calls, rethrowing\n", done);
        throw;
    }
    return done;
}

namespace {
// Built before main runs and destroyed after main's own statics, at exit.
struct DylibStatic {
    DylibStatic() { std::printf("dylib: static constructor\n"); }
    ~DylibStatic() { std::printf("dylib: static destructor\n"); }
} dylib_static;

std::atomic<int> registry_ctors{0};
struct Registry {
    int value;
    Registry()
    {
        registry_ctors++;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        value = 4321;
    }
};

std::atomic<int> states_destroyed{0};
std::atomic<long> states_sum{0};
struct ThreadState {
    std::string tag = "fresh";
    long v = 0;
    ~ThreadState()
    {
        if (tag == "used " + std::to_string(v))
            states_destroyed++;
        states_sum += v;
    }
};
thread_local ThreadState thread_state;
} // namespace

int registry_value()
{
    static Registry r;
    return r.value;
}
int registry_constructions() { return registry_ctors; }
void touch_thread_state(int v)
{
    thread_state.v = v;
    thread_state.tag = "used " + std::to_string(v);
}
int thread_states_destroyed() { return states_destroyed; }
long thread_states_sum() { return states_sum; }

std::vector<int> *make_numbers(std::size_t n) { return new std::vector<int>(n, 7); }
std::string make_string(std::size_t n) { return std::string(n, 's'); }
std::shared_ptr<Shape> make_shared_circle(double r) { return std::make_shared<Circle>(r); }

} // namespace shape
