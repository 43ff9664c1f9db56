// cxx_stdlib.cpp — the C++ standard library over machrun: std::thread with mutex and condition
// variable, std::async and promises, std::filesystem (create, iterate, sizes, errors, copy,
// rename, canonical, permissions, remove_all), std::regex, <random>, iostream formatting,
// chrono clocks, shared_mutex, system_error, locale facets, smart pointers.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>
#include <locale>
#include <system_error>
#include <shared_mutex>
namespace fs = std::filesystem;
int main() {
    std::vector<std::thread> ts; std::atomic<int> n{0}; std::mutex m; std::condition_variable cv; int ready = 0;
    for (int i = 0; i < 4; i++) ts.emplace_back([&, i] { n += i; std::lock_guard<std::mutex> g(m); ready++; cv.notify_all(); });
    { std::unique_lock<std::mutex> l(m); cv.wait(l, [&] { return ready == 4; }); }
    for (auto &t : ts) t.join();
    std::cout << "threads " << n << "\n";
    auto fut = std::async(std::launch::async, [] { return 42; }); std::cout << "async " << fut.get() << "\n";
    std::promise<std::string> pr; auto f2 = pr.get_future(); std::thread([&] { pr.set_value("promised"); }).join(); std::cout << f2.get() << "\n";
    fs::create_directories("fsdir/a/b"); std::ofstream("fsdir/a/x.txt") << "hello\n";
    std::vector<std::string> names; for (auto &e : fs::recursive_directory_iterator("fsdir")) names.push_back(e.path().string() + (e.is_directory() ? "/" : ""));
    std::sort(names.begin(), names.end()); for (auto &s : names) std::cout << s << " "; std::cout << "\n";
    std::cout << "size " << fs::file_size("fsdir/a/x.txt") << " exists " << fs::exists("fsdir/nope") << "\n";
    std::error_code ec; fs::remove("fsdir/nope/x", ec); std::cout << "ec " << (bool)ec << "\n";
    try { (void)fs::file_size("fsdir/missing"); } catch (fs::filesystem_error &e) { std::cout << "fs error code=" << (e.code() == std::errc::no_such_file_or_directory) << "\n"; }
    fs::copy_file("fsdir/a/x.txt", "fsdir/a/y.txt"); fs::rename("fsdir/a/y.txt", "fsdir/a/z.txt"); std::cout << "copied " << fs::exists("fsdir/a/z.txt") << "\n";
    auto abs = fs::absolute("fsdir"); std::cout << "abs ok " << abs.is_absolute() << " canonical ok " << fs::canonical("fsdir/a/..").filename().string() << "\n";
    auto tmp = fs::temp_directory_path(); std::cout << "tmp ok " << !tmp.empty() << "\n";
    fs::permissions("fsdir/a/x.txt", fs::perms::owner_read); std::cout << "perms " << std::oct << (int)fs::status("fsdir/a/x.txt").permissions() << std::dec << "\n";
    std::cout << "removed " << fs::remove_all("fsdir") << "\n";
    std::regex re("(\\w+)@(\\w+)\\.com"); std::smatch sm; std::string s = "mail bob@example.com now"; if (std::regex_search(s, sm, re)) std::cout << sm[1] << " at " << sm[2] << "\n";
    std::mt19937 g(42); std::cout << "mt " << g() << "\n";
    std::ostringstream os; os << std::fixed << std::setprecision(3) << 3.14159 << " " << std::hex << 255 << " " << std::setw(6) << std::setfill('*') << 7; std::cout << os.str() << "\n";
    std::map<std::string, int> mp{{"b", 2}, {"a", 1}}; for (auto &[k, v] : mp) std::cout << k << v; std::cout << "\n";
    auto t0 = std::chrono::steady_clock::now(); std::this_thread::sleep_for(std::chrono::milliseconds(5)); auto dt = std::chrono::steady_clock::now() - t0; std::cout << "slept " << (dt >= std::chrono::milliseconds(5)) << "\n";
    auto now = std::chrono::system_clock::now(); std::time_t tt = std::chrono::system_clock::to_time_t(now); std::cout << "time ok " << (tt > 1600000000) << "\n";
    std::shared_mutex sh; { std::shared_lock<std::shared_mutex> r(sh); } { std::unique_lock<std::shared_mutex> w(sh); } std::cout << "shared_mutex ok\n";
    try { throw std::system_error(std::make_error_code(std::errc::permission_denied), "op"); } catch (std::exception &e) { std::cout << e.what() << "\n"; }
    std::cout << std::use_facet<std::numpunct<char>>(std::locale()).decimal_point() << "\n";
    std::unique_ptr<int[]> up(new int[3]{1, 2, 3}); std::shared_ptr<int> spp = std::make_shared<int>(9); std::cout << up[2] << *spp << "\n";
    std::cerr << "to cerr\n";
    return 0;
}
