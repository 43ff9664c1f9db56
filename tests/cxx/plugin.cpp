// plugin.cpp — the dlopen'ed C++ plugin of tests/cxx: a class derived from the dylib's Shape,
// its own exception type, another instantiation of the weak Box<int> and Thrown<int>, a
// callback thrown through the dylib and caught here, and allocations that must reach the
// program's operator new.
#include "libcxxshape.h"

#include <typeinfo>

namespace {
class Hexagon : public shape::Shape {
public:
    explicit Hexagon(int s) : s_(s) {}
    double area() const override { return 2.5 * s_ * s_; }
    std::string name() const override { return "hexagon"; }

private:
    int s_;
};
} // namespace

class PluginError : public std::runtime_error {
public:
    explicit PluginError(const std::string &w) : std::runtime_error(w) {}
    ~PluginError() override;
};
PluginError::~PluginError() = default;

extern "C" SHAPE_API shape::Shape *plugin_make(int s) { return new Hexagon(s); }
extern "C" SHAPE_API const std::type_info *plugin_box_type() { return &typeid(shape::Box<int>); }
extern "C" SHAPE_API shape::BoxBase *plugin_make_box(int v) { return new shape::Box<int>(v); }
extern "C" SHAPE_API bool plugin_is_circle(const shape::Shape *s) { return dynamic_cast<const shape::Circle *>(s) != nullptr; }

extern "C" SHAPE_API void plugin_throw(int which)
{
    switch (which) {
    case 0: throw shape::ShapeError("ShapeError from the plugin", 99);
    case 1: throw shape::Thrown<int>{314};
    case 2: throw PluginError("PluginError from the plugin");
    default: shape::throw_std(1); // through the dylib and out of the plugin
    }
}

// The dylib calls our lambda, which throws; we catch it here, two images up.
extern "C" SHAPE_API int plugin_visit()
{
    int seen = 0;
    try {
        shape::visit(5, [&seen](int i) {
            seen++;
            if (i == 2)
                throw std::length_error("length_error from the plugin's callback");
        });
    } catch (const std::length_error &e) {
        return seen * 100 + static_cast<int>(std::string(e.what()).size());
    }
    return -1;
}

extern "C" SHAPE_API void *plugin_alloc(int n) { return new std::vector<int>(static_cast<std::size_t>(n)); }
extern "C" SHAPE_API void plugin_free(void *p) { delete static_cast<std::vector<int> *>(p); }
