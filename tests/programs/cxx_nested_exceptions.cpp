// cxx_nested_exceptions.cpp — exceptions of many types: the std:: hierarchy caught by base,
// class hierarchies with virtual and multiple inheritance, pointers and fundamental types,
// std::throw_with_nested / std::rethrow_if_nested chains, rethrow, exception_ptr copies,
// function-try-blocks, a throwing constructor (members already built are destroyed),
// std::uncaught_exceptions in a destructor during unwinding, the library's own exceptions
// (bad_cast, bad_typeid, bad_function_call, bad_optional_access, bad_variant_access, bad_alloc,
// out_of_range from at()), and finally a throw out of a noexcept function, which must reach
// the std::set_terminate handler: it prints and calls _Exit(3).
// what() is printed only for exceptions built from the program's own strings.
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <variant>
#include <vector>

struct Base {
    virtual ~Base() = default;
    virtual std::string who() const { return "Base"; }
};
struct Left : virtual Base {
    std::string who() const override { return "Left"; }
};
struct Right : virtual Base {
    std::string who() const override { return "Right"; }
};
struct Diamond : Left, Right {
    std::string who() const override { return "Diamond"; }
};
struct Tagged : std::runtime_error, Base {
    int tag;
    Tagged(const std::string &m, int t) : std::runtime_error(m), tag(t) {}
};

struct Member {
    std::string name;
    explicit Member(std::string n) : name(std::move(n)) { std::cout << "  member " << name << " built\n"; }
    ~Member() { std::cout << "  member " << name << " destroyed\n"; }
};
struct Fragile {
    Member a{"a"}, b{"b"};
    Fragile(bool fail)
    {
        if (fail)
            throw std::length_error("Fragile ctor");
    }
    ~Fragile() { std::cout << "  Fragile destroyed\n"; }
};

struct Observer {
    ~Observer() { std::cout << "  uncaught_exceptions in dtor " << std::uncaught_exceptions() << "\n"; }
};

static void open_file(const std::string &name)
{
    throw std::runtime_error("cannot open " + name);
}
static void load_config(const std::string &name)
{
    try {
        open_file(name);
    } catch (...) {
        std::throw_with_nested(std::logic_error("load_config failed"));
    }
}
static void start()
{
    try {
        load_config("app.conf");
    } catch (...) {
        std::throw_with_nested(Tagged("start failed", 7));
    }
}
static void print_nested(const std::exception &e, int level = 0)
{
    std::cout << std::string(level * 2, ' ') << "level " << level << ": " << e.what() << "\n";
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception &inner) {
        print_nested(inner, level + 1);
    }
}

template <class T> static void throw_and_name(T v, const char *what)
{
    try {
        throw v;
    } catch (int i) {
        std::cout << what << ": int " << i << "\n";
    } catch (double d) {
        std::cout << what << ": double " << d << "\n";
    } catch (const char *s) {
        std::cout << what << ": const char* " << s << "\n";
    } catch (const std::string &s) {
        std::cout << what << ": std::string " << s << "\n";
    } catch (const Base *b) {
        std::cout << what << ": Base* " << b->who() << "\n";
    } catch (const Base &b) {
        std::cout << what << ": Base& " << b.who() << "\n";
    } catch (...) {
        std::cout << what << ": something else\n";
    }
}

static int function_try_block(int x)
try {
    if (x)
        throw std::overflow_error("ftb");
    return 0;
} catch (const std::overflow_error &e) {
    std::cout << "function-try-block caught " << e.what() << "\n";
    return -1;
}

static volatile std::size_t huge_size = static_cast<std::size_t>(-1) / 2;
static char *volatile sink; // the allocations escape, so the compiler cannot elide them

static void library_exceptions()
{
    Base b;
    Base &br = b;
    try {
        (void)dynamic_cast<Diamond &>(br);
    } catch (const std::bad_cast &) {
        std::cout << "bad_cast from dynamic_cast<Diamond&>\n";
    }
    try {
        Base *np = nullptr;
        (void)typeid(*np);
    } catch (const std::bad_typeid &) {
        std::cout << "bad_typeid from typeid(*nullptr)\n";
    }
    try {
        std::function<int()> f;
        f();
    } catch (const std::bad_function_call &) {
        std::cout << "bad_function_call\n";
    }
    try {
        std::optional<int> o;
        (void)o.value();
    } catch (const std::bad_optional_access &) {
        std::cout << "bad_optional_access\n";
    }
    try {
        std::variant<int, std::string> v = 5;
        (void)std::get<std::string>(v);
    } catch (const std::bad_variant_access &) {
        std::cout << "bad_variant_access\n";
    }
    try {
        std::vector<int> v(3);
        (void)v.at(10);
    } catch (const std::out_of_range &) {
        std::cout << "out_of_range from vector::at\n";
    }
    try {
        std::map<int, int> m;
        (void)m.at(1);
    } catch (const std::out_of_range &) {
        std::cout << "out_of_range from map::at\n";
    }
    try {
        std::string s = "abc";
        (void)s.substr(10);
    } catch (const std::logic_error &) {
        std::cout << "logic_error (out_of_range) from string::substr\n";
    }
    try {
        (void)std::stoi("not a number");
    } catch (const std::invalid_argument &) {
        std::cout << "invalid_argument from stoi\n";
    }
    try {
        (void)std::stoi("99999999999999999999");
    } catch (const std::out_of_range &) {
        std::cout << "out_of_range from stoi\n";
    }
    try {
        sink = new char[huge_size];
        std::cout << "allocated?! " << (sink != nullptr) << "\n";
    } catch (const std::bad_alloc &) {
        std::cout << "bad_alloc from new[] of half the address space\n";
    }
    sink = new (std::nothrow) char[huge_size];
    std::cout << "nothrow new returned null " << (sink == nullptr) << "\n";
    try {
        std::vector<int> v;
        v.reserve(v.max_size() + 1);
    } catch (const std::length_error &) {
        std::cout << "length_error from reserve\n";
    }
    try {
        std::weak_ptr<int> w;
        std::shared_ptr<int> s(w);
    } catch (const std::bad_weak_ptr &) {
        std::cout << "bad_weak_ptr\n";
    }
}

[[noreturn]] static void on_terminate()
{
    std::exception_ptr ep = std::current_exception();
    std::cout << "terminate handler: current exception " << (ep ? "set" : "none");
    if (ep) {
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception &e) {
            std::cout << " what " << e.what();
        } catch (...) {
        }
    }
    std::cout << std::endl;
    std::_Exit(3);
}

// Whether the stack is unwound before std::terminate is implementation-defined: nothing
// between the throw and the noexcept frame has a destructor that prints.
__attribute__((noinline)) static void thrower(int x)
{
    if (x > 0)
        throw std::runtime_error("escaped a noexcept function");
}
static void will_not_throw(int x) noexcept
{
    thrower(x);
}

int main()
{
    try {
        start();
    } catch (const std::exception &e) {
        print_nested(e);
    }
    try {
        start();
    } catch (const Base &b) {
        std::cout << "nested chain caught by second base: " << b.who() << "\n";
    }
    try {
        start();
    } catch (const Tagged &t) {
        const auto *n = dynamic_cast<const std::nested_exception *>(&t);
        std::cout << "Tagged tag " << t.tag << " is nested_exception " << (n != nullptr) << " nested_ptr "
                  << (n && n->nested_ptr()) << "\n";
    }
    try {
        std::rethrow_if_nested(std::runtime_error("plain"));
        std::cout << "rethrow_if_nested on a plain exception does nothing\n";
    } catch (...) {
        std::cout << "unexpected\n";
    }

    throw_and_name(42, "int");
    throw_and_name(2.5, "double");
    throw_and_name("literal", "c string");
    throw_and_name(std::string("owned"), "string");
    static Diamond dia;
    throw_and_name(static_cast<Base *>(&dia), "pointer to base");
    throw_and_name(dia, "Diamond by value");
    throw_and_name(Left(), "Left by value");
    throw_and_name('c', "char");
    throw_and_name(7L, "long");

    try {
        try {
            throw Tagged("tagged", 3);
        } catch (const std::runtime_error &e) {
            std::cout << "first catch as runtime_error: " << e.what() << "\n";
            throw;
        }
    } catch (const Base &b) {
        std::cout << "rethrow caught as Base: " << b.who() << "\n";
    }
    try {
        throw Tagged("by std::exception", 1);
    } catch (const std::exception &e) {
        std::cout << "Tagged caught by std::exception: " << e.what() << " dynamic type Tagged "
                  << (dynamic_cast<const Tagged *>(&e) != nullptr) << "\n";
    }
    std::exception_ptr saved;
    try {
        throw std::domain_error("kept");
    } catch (...) {
        saved = std::current_exception();
    }
    std::exception_ptr copy = saved;
    std::cout << "exception_ptr copies equal " << (copy == saved) << " null " << (std::exception_ptr() == nullptr) << "\n";
    for (int i = 0; i < 2; i++) {
        try {
            std::rethrow_exception(copy);
        } catch (const std::domain_error &e) {
            std::cout << "rethrow_exception #" << i << ": " << e.what() << "\n";
        }
    }
    try {
        std::rethrow_exception(std::make_exception_ptr(Diamond()));
    } catch (const Right &r) {
        std::cout << "make_exception_ptr(Diamond) caught as Right: " << r.who() << "\n";
    }

    int ftb = function_try_block(1);
    std::cout << "function_try_block returns " << ftb << "\n";
    std::cout << "constructing Fragile(false):\n";
    {
        Fragile ok(false);
    }
    std::cout << "constructing Fragile(true):\n";
    try {
        Fragile bad(true);
    } catch (const std::length_error &e) {
        std::cout << "caught " << e.what() << "\n";
    }
    std::cout << "uncaught_exceptions now " << std::uncaught_exceptions() << "\n";
    try {
        Observer o;
        throw 1;
    } catch (int) {
    }
    library_exceptions();

    std::set_terminate(on_terminate);
    std::cout << "get_terminate is ours " << (std::get_terminate() == on_terminate) << "\n";
    will_not_throw(static_cast<int>(huge_size & 1));
    std::cout << "not reached\n";
    return 0;
}
