// cxx_exceptions.cpp — C++ exceptions across frames and threads, RAII during unwinding,
// rethrow, catch(...), std::exception_ptr between threads, and the standard library.
#include <algorithm>
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct Guard {
    std::string name;
    explicit Guard(std::string n) : name(std::move(n)) { std::cout << "enter " << name << "\n"; }
    ~Guard() { std::cout << "leave " << name << "\n"; }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

static int depth3(int x)
{
    Guard g("depth3");
    if (x > 2)
        throw MyError("too deep", x);
    return x;
}
static int depth2(int x) { Guard g("depth2"); return depth3(x + 1) * 2; }
static int depth1(int x) { Guard g("depth1"); return depth2(x + 1) + 1; }

int main()
{
    try {
        depth1(1);
    } catch (const MyError &e) {
        std::cout << "caught MyError: " << e.what() << " code " << e.code << "\n";
    }
    try {
        try {
            throw std::invalid_argument("inner");
        } catch (const std::exception &e) {
            std::cout << "rethrowing " << e.what() << "\n";
            throw;
        }
    } catch (const std::invalid_argument &e) {
        std::cout << "caught rethrown " << e.what() << "\n";
    }
    try {
        throw 42;
    } catch (...) {
        std::cout << "caught ... (an int)\n";
    }
    std::exception_ptr ep;
    std::thread t([&] {
        try {
            std::vector<int> v(3);
            (void)v.at(10);
        } catch (...) {
            ep = std::current_exception();
        }
    });
    t.join();
    try {
        if (ep)
            std::rethrow_exception(ep);
    } catch (const std::out_of_range &e) {
        std::cout << "exception from a thread: out_of_range\n";
    }
    std::vector<std::thread> pool;
    std::vector<int> results(4);
    for (int i = 0; i < 4; i++)
        pool.emplace_back([i, &results] {
            try {
                if (i % 2)
                    throw std::runtime_error("odd");
                results[i] = i * 10;
            } catch (const std::runtime_error &) {
                results[i] = -1;
            }
        });
    for (auto &th : pool)
        th.join();
    for (int r : results)
        std::cout << r << " ";
    std::cout << "\n";
    std::map<std::string, int> m{ { "b", 2 }, { "a", 1 }, { "c", 3 } };
    std::ostringstream os;
    for (auto &kv : m)
        os << kv.first << "=" << kv.second << ";";
    std::vector<int> v{ 5, 3, 9, 1 };
    std::sort(v.begin(), v.end());
    std::cout << os.str() << " sorted:";
    for (int x : v)
        std::cout << " " << x;
    std::cout << std::endl;
    auto up = std::make_unique<Guard>("heap");
    return 0;
}
