// libcxxshape.h — the interface of the C++ dylib of the cross-image test set (tests/cxx):
// a polymorphic hierarchy whose key functions live in the dylib (strong typeinfo there, bound
// from the other images), a template with only inline virtuals (weak typeinfo and vtable in
// every image that instantiates it: dyld must coalesce them), its own exception types, and
// functions that throw them, throw std:: exceptions, or call back into the caller.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#define SHAPE_API __attribute__((visibility("default")))

namespace shape {

class SHAPE_API Shape {
public:
    virtual ~Shape(); // key function: defined in libcxxshape
    virtual double area() const = 0;
    virtual std::string name() const;
};

class SHAPE_API Circle : public Shape {
public:
    explicit Circle(double r) : r_(r) {}
    ~Circle() override;
    double area() const override;
    std::string name() const override;

private:
    double r_;
};

class SHAPE_API Square : public Shape {
public:
    explicit Square(double s) : s_(s) {}
    ~Square() override;
    double area() const override;
    std::string name() const override;

private:
    double s_;
};

// The base of the template below has a key function in the dylib; the template itself has
// none, so each image that instantiates Box<T> emits its vtable and typeinfo as weak.
class SHAPE_API BoxBase {
public:
    virtual ~BoxBase();
    virtual int id() const = 0;
};

template <class T> class Box : public BoxBase {
public:
    explicit Box(T v) : value(v) {}
    int id() const override { return static_cast<int>(value); }
    virtual T get() const { return value; }
    T value;
};

// A thrown type with weak typeinfo (a template, no key function).
template <class T> struct Thrown {
    T payload;
};

class SHAPE_API ShapeError : public std::runtime_error {
public:
    ShapeError(const std::string &what, int code);
    ~ShapeError() override; // key function
    int code() const { return code_; }

private:
    int code_;
};

class SHAPE_API RangeError : public ShapeError {
public:
    RangeError(const std::string &what, double value);
    ~RangeError() override;
    double value() const { return value_; }

private:
    double value_;
};

SHAPE_API std::unique_ptr<Shape> make_shape(const std::string &kind, double size); // throws ShapeError, RangeError
SHAPE_API BoxBase *make_box(int v);                                              // a Box<int> made in the dylib
SHAPE_API bool is_int_box(const BoxBase *b);                                     // dynamic_cast inside the dylib
SHAPE_API const std::type_info &box_int_type();                                  // typeid(Box<int>) from the dylib
SHAPE_API void throw_std(int which);                                             // std:: exceptions
SHAPE_API void throw_thrown(int v);                                              // throws Thrown<int>
// Calls cb(i) for i in [0, n), with an object whose destructor prints (it runs when cb throws
// through this frame), catching nothing; returns how many calls returned.
SHAPE_API int visit(int n, const std::function<void(int)> &cb);
// As visit, but catches (...) and rethrows after printing.
SHAPE_API int visit_rethrow(int n, void (*cb)(int));
// Allocations made inside the dylib: a vector of n ints (operator new from the dylib's inline
// code), a string of n chars, and a shared_ptr from make_shared.
SHAPE_API std::vector<int> *make_numbers(std::size_t n);
SHAPE_API std::string make_string(std::size_t n);
SHAPE_API std::shared_ptr<Shape> make_shared_circle(double r);

// Statics in the dylib: a function-local static whose constructor sleeps and counts (many
// threads race to it: it must be built once), how many threads have touched the dylib's
// thread_local object, and how many of those objects were destroyed intact at thread exit.
SHAPE_API int registry_value();
SHAPE_API int registry_constructions();
SHAPE_API void touch_thread_state(int v);
SHAPE_API int thread_states_destroyed();
SHAPE_API long thread_states_sum();

} // namespace shape

// The plugin's entry point, looked up with dlsym.
extern "C" typedef shape::Shape *(*plugin_make_fn)(int);
