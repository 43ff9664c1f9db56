// cxx_threads.cpp — C++ concurrency over machrun: std::thread with mutex and condition variable
// (a bounded producer/consumer queue), std::async (async and deferred), promise, packaged_task,
// shared_future, a function-local static whose constructor many threads race to (it must run
// once), thread_local objects whose destructors run at thread exit, an exception thrown in a
// thread carried to main by exception_ptr and by a future, std::atomic counters and a CAS loop,
// shared_mutex readers and writers, recursive_mutex, timed_mutex, call_once, std::this_thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <future>
#include <iostream>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

static std::atomic<int> ctor_runs{0};
struct Expensive {
    int value;
    Expensive()
    {
        ctor_runs++;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        value = 1234;
    }
};
static int use_static()
{
    static Expensive e;
    return e.value;
}

static std::atomic<int> tl_ctor{0}, tl_dtor{0}, tl_intact{0};
static std::atomic<long> tl_sum{0};
struct PerThread {
    int id = -1;
    long count = 0;
    std::string label = "unset";
    PerThread() { tl_ctor++; }
    ~PerThread()
    {
        // the object must still be intact when its destructor runs at thread exit
        if (label == "worker " + std::to_string(id))
            tl_intact++;
        tl_sum += count;
        tl_dtor++;
    }
};
static thread_local PerThread per_thread;
static thread_local int tl_plain = 100;

// At exit, the main thread's thread_local objects are destroyed before static objects.
struct AtExitStatic {
    ~AtExitStatic() { std::printf("static object destroyed\n"); }
};
static AtExitStatic at_exit_static;
struct MainThreadLocal {
    int v = 0;
    ~MainThreadLocal() { std::printf("main thread's thread_local destroyed, v=%d\n", v); }
};
static thread_local MainThreadLocal main_tl;

static void producer_consumer()
{
    std::mutex m;
    std::condition_variable not_empty, not_full;
    std::deque<int> q;
    const size_t cap = 4;
    bool done = false;
    long consumed = 0, items = 0;
    std::thread prod([&] {
        for (int i = 1; i <= 1000; i++) {
            std::unique_lock<std::mutex> l(m);
            not_full.wait(l, [&] { return q.size() < cap; });
            q.push_back(i);
            not_empty.notify_one();
        }
        std::lock_guard<std::mutex> g(m);
        done = true;
        not_empty.notify_all();
    });
    std::vector<std::thread> cons;
    for (int c = 0; c < 3; c++)
        cons.emplace_back([&] {
            for (;;) {
                std::unique_lock<std::mutex> l(m);
                not_empty.wait(l, [&] { return !q.empty() || done; });
                if (q.empty())
                    return;
                consumed += q.front();
                items++;
                q.pop_front();
                not_full.notify_one();
            }
        });
    prod.join();
    for (auto &t : cons)
        t.join();
    std::cout << "producer/consumer items " << items << " sum " << consumed << "\n";
    std::unique_lock<std::mutex> l(m);
    auto r = not_empty.wait_for(l, std::chrono::milliseconds(10));
    std::cout << "wait_for timeout " << (r == std::cv_status::timeout) << "\n";
    bool pred = not_empty.wait_for(l, std::chrono::milliseconds(5), [] { return false; });
    std::cout << "wait_for with false predicate " << pred << "\n";
}

static void futures()
{
    auto a = std::async(std::launch::async, [](int x) { return x * x; }, 12);
    auto d = std::async(std::launch::deferred, [] { return std::string("deferred"); });
    std::cout << "deferred status " << (d.wait_for(std::chrono::seconds(0)) == std::future_status::deferred) << "\n";
    std::cout << "async " << a.get() << " " << d.get() << "\n";

    std::promise<int> p;
    std::future<int> f = p.get_future();
    std::thread t([&p] {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        p.set_value(77);
    });
    std::cout << "promise " << f.get() << " valid after get " << f.valid() << "\n";
    t.join();

    std::packaged_task<std::string(int, char)> task([](int n, char c) { return std::string(n, c); });
    std::future<std::string> tf = task.get_future();
    std::thread tt(std::move(task), 5, 'q');
    std::cout << "packaged_task " << tf.get() << "\n";
    tt.join();

    std::promise<void> go;
    std::shared_future<void> sf = go.get_future().share();
    std::atomic<int> started{0};
    std::vector<std::thread> ws;
    for (int i = 0; i < 4; i++)
        ws.emplace_back([sf, &started] {
            sf.wait();
            started++;
        });
    go.set_value();
    for (auto &w : ws)
        w.join();
    std::cout << "shared_future released " << started << "\n";

    std::promise<int> twice;
    twice.set_value(1);
    try {
        twice.set_value(2);
    } catch (const std::future_error &e) {
        std::cout << "future_error promise_already_satisfied " << (e.code() == std::future_errc::promise_already_satisfied)
                  << "\n";
    }
    std::future<int> broken;
    {
        std::promise<int> gone;
        broken = gone.get_future();
    }
    try {
        broken.get();
    } catch (const std::future_error &e) {
        std::cout << "future_error broken_promise " << (e.code() == std::future_errc::broken_promise) << "\n";
    }
}

static void statics_and_tls()
{
    std::vector<std::thread> ts;
    std::atomic<int> go{0}, sum{0};
    for (int i = 0; i < 16; i++)
        ts.emplace_back([&] {
            while (!go.load())
                std::this_thread::yield();
            sum += use_static();
        });
    go = 1;
    for (auto &t : ts)
        t.join();
    std::cout << "static constructed " << ctor_runs << " times, sum " << sum << "\n";

    std::vector<std::thread> tls;
    std::mutex m;
    std::vector<int> seen;
    for (int i = 0; i < 8; i++)
        tls.emplace_back([i, &m, &seen] {
            per_thread.id = i;
            per_thread.label = "worker " + std::to_string(i);
            for (int k = 0; k <= i; k++)
                per_thread.count += 10;
            tl_plain += i;
            std::lock_guard<std::mutex> g(m);
            seen.push_back(tl_plain);
        });
    for (auto &t : tls)
        t.join();
    int plain_sum = 0;
    for (int v : seen)
        plain_sum += v;
    std::cout << "thread_local ctor " << tl_ctor << " dtor " << tl_dtor << " intact " << tl_intact << " counted " << tl_sum << " plain sum "
              << plain_sum << " main's plain " << tl_plain << "\n";
}

static void exceptions_across_threads()
{
    std::exception_ptr ep;
    std::thread t([&ep] {
        try {
            throw std::out_of_range("index 42 from a thread");
        } catch (...) {
            ep = std::current_exception();
        }
    });
    t.join();
    try {
        if (ep)
            std::rethrow_exception(ep);
    } catch (const std::out_of_range &e) {
        std::cout << "rethrown in main: " << e.what() << "\n";
    }
    auto f = std::async(std::launch::async, []() -> int { throw std::runtime_error("from async"); });
    try {
        f.get();
    } catch (const std::runtime_error &e) {
        std::cout << "future rethrew: " << e.what() << "\n";
    }
    std::promise<int> p;
    auto pf = p.get_future();
    std::thread t2([&p] { p.set_exception(std::make_exception_ptr(std::logic_error("set_exception"))); });
    t2.join();
    try {
        pf.get();
    } catch (const std::logic_error &e) {
        std::cout << "promise exception: " << e.what() << "\n";
    }
}

static void atomics_and_locks()
{
    std::atomic<long> counter{0};
    std::atomic<unsigned> maxv{0};
    long plain = 0;
    std::mutex m;
    std::vector<std::thread> ts;
    for (unsigned i = 0; i < 8; i++)
        ts.emplace_back([&, i] {
            for (int k = 0; k < 10000; k++) {
                counter.fetch_add(1, std::memory_order_relaxed);
                std::lock_guard<std::mutex> g(m);
                plain++;
            }
            unsigned cur = maxv.load();
            while (cur < i && !maxv.compare_exchange_weak(cur, i)) {
            }
        });
    for (auto &t : ts)
        t.join();
    std::cout << "atomic " << counter << " locked " << plain << " cas max " << maxv << " lock_free "
              << std::atomic<int>().is_lock_free() << "\n";
    std::atomic_flag flag = ATOMIC_FLAG_INIT;
    std::cout << "atomic_flag " << flag.test_and_set() << flag.test_and_set() << "\n";

    std::shared_mutex sm;
    std::atomic<int> readers{0}, max_readers{0};
    int shared_value = 0;
    std::vector<std::thread> rw;
    for (int i = 0; i < 6; i++)
        rw.emplace_back([&, i] {
            for (int k = 0; k < 200; k++) {
                if (i < 2) {
                    std::unique_lock<std::shared_mutex> w(sm);
                    if (readers.load() != 0)
                        std::cout << "writer saw readers!\n";
                    shared_value++;
                } else {
                    std::shared_lock<std::shared_mutex> r(sm);
                    int now = ++readers;
                    int mx = max_readers.load();
                    while (now > mx && !max_readers.compare_exchange_weak(mx, now)) {
                    }
                    (void)shared_value;
                    --readers;
                }
            }
        });
    for (auto &t : rw)
        t.join();
    std::cout << "shared_mutex writes " << shared_value << " try_lock_shared " << sm.try_lock_shared() << "\n";
    sm.unlock_shared();

    std::recursive_mutex rm;
    rm.lock();
    bool again = rm.try_lock();
    rm.unlock();
    rm.unlock();
    std::cout << "recursive_mutex relock " << again << "\n";
    std::timed_mutex tm;
    tm.lock();
    bool got = true;
    std::thread([&] { got = tm.try_lock_for(std::chrono::milliseconds(10)); }).join();
    tm.unlock();
    std::cout << "timed_mutex try_lock_for while held " << got << "\n";
    std::once_flag once;
    std::atomic<int> once_runs{0};
    std::vector<std::thread> os;
    for (int i = 0; i < 5; i++)
        os.emplace_back([&] { std::call_once(once, [&] { once_runs++; }); });
    for (auto &t : os)
        t.join();
    std::cout << "call_once ran " << once_runs << "\n";
    std::mutex a, b;
    {
        std::scoped_lock both(a, b);
        std::cout << "scoped_lock try a " << a.try_lock() << "\n";
    }
    std::unique_lock<std::mutex> ul(a, std::defer_lock);
    std::cout << "defer_lock owns " << ul.owns_lock();
    ul.lock();
    std::cout << " " << ul.owns_lock() << "\n";
}

int main()
{
    std::cout << "hardware_concurrency positive " << (std::thread::hardware_concurrency() > 0) << "\n";
    std::thread::id main_id = std::this_thread::get_id();
    std::thread::id other;
    std::thread([&] { other = std::this_thread::get_id(); }).join();
    std::cout << "thread ids differ " << (main_id != other) << " default id " << (std::thread::id() != main_id) << "\n";
    std::thread j([] {});
    std::cout << "joinable " << j.joinable();
    j.join();
    std::cout << " after join " << j.joinable() << "\n";
    auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_until(t0 + std::chrono::milliseconds(15));
    std::cout << "sleep_until ok " << (std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(15)) << "\n";
    producer_consumer();
    futures();
    statics_and_tls();
    exceptions_across_threads();
    atomics_and_locks();
    std::thread detached([] { std::this_thread::sleep_for(std::chrono::milliseconds(1)); });
    detached.detach();
    std::cout << "detached joinable " << detached.joinable() << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    main_tl.v = 42;
    std::thread([] { main_tl.v = 7; }).join();
    std::cout << std::flush;
    return 0;
}
