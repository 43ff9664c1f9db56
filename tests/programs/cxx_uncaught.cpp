// cxx_uncaught.cpp — an exception nobody catches, thrown from deep in main: the handler set
// with std::set_terminate must run, with the exception still the current one (the library's
// own message is implementation-specific, so the handler prints and leaves with _Exit(3)).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

struct AppError : std::runtime_error {
    int code;
    AppError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

[[noreturn]] static void handler()
{
    std::cout << "terminate handler called" << std::endl;
    if (std::exception_ptr ep = std::current_exception()) {
        try {
            std::rethrow_exception(ep);
        } catch (const AppError &e) {
            std::cout << "uncaught AppError: " << e.what() << " code " << e.code << std::endl;
        } catch (...) {
            std::cout << "uncaught something else" << std::endl;
        }
    } else {
        std::cout << "no current exception" << std::endl;
    }
    std::_Exit(3);
}

static void deep(int n)
{
    if (n == 0)
        throw AppError("nobody catches this", 17);
    deep(n - 1);
}

int main()
{
    std::terminate_handler old = std::set_terminate(handler);
    std::cout << "previous handler set " << (old != nullptr) << ", ours installed " << (std::get_terminate() == handler)
              << "\n";
    try {
        deep(3);
    } catch (const AppError &e) {
        std::cout << "first time caught: " << e.what() << "\n";
    }
    std::cout << "now uncaught:" << std::endl;
    deep(5);
    std::cout << "not reached\n";
    return 0;
}
