// cxx_regex_chrono.cpp — std::regex (ECMAScript match, search, replace with $n, iterators,
// token iterators, icase, multiline-free anchors, basic/extended grammars, regex_error),
// <chrono> (duration arithmetic and casts, ratios, time_point arithmetic, steady_clock
// monotonicity, system_clock <-> time_t round trip) and <random> (raw mt19937 / mt19937_64 /
// minstd_rand / ranlux24 outputs with fixed seeds, which the standard fixes — distributions are
// implementation-defined and are only checked for range; random_device is only called).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <iostream>
#include <iterator>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

static void regexes()
{
    std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
    std::smatch m;
    std::string s = "2024-02-29";
    std::cout << "regex_match " << std::regex_match(s, m, date) << " groups " << m.size() << " year " << m[1]
              << " month " << m.str(2) << " day " << m[3] << " position(3) " << m.position(3) << "\n";
    std::cout << "match whole fails on extra " << std::regex_match("x2024-02-29", date) << "\n";
    std::string text = "Contact: alice@example.com, bob@test.org; invalid@; carol@sub.example.net.";
    std::regex email(R"(([\w.]+)@([\w]+(?:\.[\w]+)+))");
    if (std::regex_search(text, m, email))
        std::cout << "first email " << m[0] << " user " << m[1] << " prefix [" << m.prefix() << "] suffix starts ["
                  << m.suffix().str().substr(0, 5) << "]\n";
    std::cout << "all emails:";
    for (std::sregex_iterator it(text.begin(), text.end(), email), end; it != end; ++it)
        std::cout << " " << (*it)[2] << "@" << it->position();
    std::cout << "\n";
    std::cout << "replace " << std::regex_replace(text, email, "<$2:$1>") << "\n";
    std::cout << "replace first only "
              << std::regex_replace(std::string("a1b22c333"), std::regex(R"(\d+)"), "#", std::regex_constants::format_first_only)
              << " no_copy " << std::regex_replace(std::string("a1b22c333"), std::regex(R"(\d+)"), "[$&]", std::regex_constants::format_no_copy)
              << "\n";
    std::string csv = "one, two,three ,  four";
    std::regex sep(R"(\s*,\s*)");
    std::cout << "split:";
    for (std::sregex_token_iterator it(csv.begin(), csv.end(), sep, -1), end; it != end; ++it)
        std::cout << " [" << *it << "]";
    std::cout << "\n";
    std::regex kv(R"((\w+)=(\w*))");
    std::string q = "a=1&bb=22&c=&ddd=4444";
    std::cout << "keys and values:";
    for (std::sregex_token_iterator it(q.begin(), q.end(), kv, {1, 2}), end; it != end; ++it)
        std::cout << " " << *it;
    std::cout << "\n";
    std::cout << "icase " << std::regex_search("Hello WORLD", std::regex("world", std::regex::icase)) << " case "
              << std::regex_search("Hello WORLD", std::regex("world")) << "\n";
    std::cout << "alternation/backref " << std::regex_match("abcabc", std::regex(R"((abc|xyz)\1)")) << " "
              << std::regex_match("abcxyz", std::regex(R"((abc|xyz)\1)")) << "\n";
    std::cout << "lazy " << std::regex_replace(std::string("<a><b>"), std::regex("<.*?>"), "T") << " greedy "
              << std::regex_replace(std::string("<a><b>"), std::regex("<.*>"), "T") << "\n";
    std::cout << "lookahead " << std::regex_replace(std::string("price100 cost200"), std::regex(R"([a-z]+(?=\d))"), "X") << "\n";
    std::cout << "anchors " << std::regex_search("abc", std::regex("^b")) << std::regex_search("abc", std::regex("c$"))
              << " word boundary " << std::regex_search("a cat!", std::regex(R"(\bcat\b)")) << "\n";
    std::cout << "extended " << std::regex_match("aaab", std::regex("a+b", std::regex::extended)) << " basic "
              << std::regex_match("a+b", std::regex("a+b", std::regex::basic)) << " grep "
              << std::regex_search("xyz", std::regex("y", std::regex::grep)) << "\n";
    std::cout << "classes " << std::regex_match("ab12 _", std::regex(R"([[:alpha:]]+[[:digit:]]+\s\w)"))
              << " ranges " << std::regex_match("q", std::regex("[a-z]")) << std::regex_match("Q", std::regex("[a-z]")) << "\n";
    std::wstring ws = L"wide 123 text";
    std::wsmatch wm;
    std::cout << "wregex " << std::regex_search(ws, wm, std::wregex(LR"(\d+)")) << " len " << wm.length(0) << "\n";
    try {
        std::regex bad("(unclosed");
        std::cout << "bad regex accepted\n";
    } catch (const std::regex_error &e) {
        std::cout << "regex_error paren " << (e.code() == std::regex_constants::error_paren) << "\n";
    }
    try {
        std::regex bad("a{3,1}");
        std::cout << "bad brace accepted\n";
    } catch (const std::regex_error &e) {
        std::cout << "regex_error badbrace " << (e.code() == std::regex_constants::error_badbrace) << "\n";
    }
    std::cmatch cm;
    std::cout << "cmatch " << std::regex_search("key: value", cm, std::regex(R"((\w+):\s*(\w+))")) << " " << cm[2] << "\n";
}

static void chrono_stuff()
{
    using namespace std::chrono;
    auto d = hours(1) + minutes(30) + seconds(15) + milliseconds(250);
    std::cout << "ms " << d.count() << " s " << duration_cast<seconds>(d).count() << " min "
              << duration_cast<minutes>(d).count() << " floor s " << floor<seconds>(milliseconds(-1500)).count()
              << " ceil s " << ceil<seconds>(milliseconds(1200)).count() << " round s "
              << round<seconds>(milliseconds(2500)).count() << " " << round<seconds>(milliseconds(3500)).count() << "\n";
    duration<double, std::ratio<1, 1000>> fms = microseconds(1500);
    std::cout << "double ms " << fms.count() << " minutes*3 " << (minutes(7) * 3).count() << " div "
              << (hours(1) / minutes(7)) << " mod " << (hours(1) % minutes(7)).count() << " neg " << (-seconds(4)).count()
              << " abs " << abs(seconds(-9)).count() << "\n";
    using days = duration<int, std::ratio<86400>>;
    std::cout << "days in 1000h " << duration_cast<days>(hours(1000)).count() << " compare "
              << (seconds(60) == minutes(1)) << (milliseconds(999) < seconds(1)) << " zero " << nanoseconds::zero().count()
              << " ratio " << std::ratio_multiply<std::milli, std::kilo>::num << "/" << std::ratio_multiply<std::milli, std::kilo>::den
              << "\n";
    time_point<system_clock, seconds> tp(seconds(1700000000));
    auto tp2 = tp + hours(24);
    std::cout << "time_point diff " << duration_cast<hours>(tp2 - tp).count() << " epoch "
              << tp2.time_since_epoch().count() << " time_point_cast "
              << time_point_cast<minutes>(tp).time_since_epoch().count() << "\n";

    bool mono = true;
    auto prev = steady_clock::now();
    for (int i = 0; i < 10000; i++) {
        auto now = steady_clock::now();
        if (now < prev)
            mono = false;
        prev = now;
    }
    std::cout << "steady_clock monotonic " << (mono ? "ok" : "BROKEN") << " is_steady " << steady_clock::is_steady << "\n";
    auto t0 = steady_clock::now();
    std::this_thread::sleep_for(milliseconds(12));
    auto el = steady_clock::now() - t0;
    std::cout << "slept at least 12ms " << (el >= milliseconds(12)) << " less than 5s " << (el < seconds(5)) << "\n";
    auto hr = high_resolution_clock::now();
    std::cout << "high_resolution_clock ticks " << (hr.time_since_epoch().count() != 0) << "\n";

    std::time_t tt = 1234567890;
    auto stp = system_clock::from_time_t(tt);
    std::cout << "from_time_t/to_time_t " << system_clock::to_time_t(stp) << " since epoch s "
              << duration_cast<seconds>(stp.time_since_epoch()).count() << "\n";
    auto now = system_clock::now();
    std::time_t nowt = system_clock::to_time_t(now);
    auto back = system_clock::from_time_t(nowt);
    std::cout << "now round trip within 1s " << (now - back < seconds(1) && now >= back) << " sane "
              << (nowt > 1600000000) << " matches time() " << (std::abs(nowt - std::time(nullptr)) <= 2) << "\n";
    std::tm *g = std::gmtime(&tt);
    std::cout << "gmtime " << g->tm_year + 1900 << "-" << g->tm_mon + 1 << "-" << g->tm_mday << " " << g->tm_hour << ":"
              << g->tm_min << ":" << g->tm_sec << "\n";
}

static void randoms()
{
    std::mt19937 mt(5489u);
    std::cout << "mt19937 default seed:";
    for (int i = 0; i < 5; i++)
        std::cout << " " << mt();
    mt.discard(9995);
    std::cout << " 10001st " << mt() << "\n";
    std::mt19937 def;
    def.discard(9999);
    std::cout << "default-constructed 10000th " << def() << " (standard: 4123659995)\n";
    std::mt19937 seeded(12345);
    std::cout << "mt19937(12345):";
    for (int i = 0; i < 4; i++)
        std::cout << " " << seeded();
    std::cout << "\n";
    std::mt19937_64 m64;
    m64.discard(9999);
    std::cout << "mt19937_64 10000th " << m64() << " (standard: 9981545732273789042)\n";
    std::minstd_rand0 m0;
    m0.discard(9999);
    std::minstd_rand m1;
    m1.discard(9999);
    std::cout << "minstd_rand0 10000th " << m0() << " minstd_rand " << m1() << "\n";
    std::ranlux24 r24;
    r24.discard(9999);
    std::ranlux48 r48;
    r48.discard(9999);
    std::cout << "ranlux24 10000th " << r24() << " ranlux48 " << r48() << "\n";
    std::knuth_b kb;
    kb.discard(9999);
    std::cout << "knuth_b 10000th " << kb() << "\n";
    std::seed_seq sq{1, 2, 3};
    std::vector<std::uint32_t> seeds(4);
    sq.generate(seeds.begin(), seeds.end());
    std::cout << "seed_seq:";
    for (auto v : seeds)
        std::cout << " " << v;
    std::cout << "\n";
    std::mt19937 a(77), b(77);
    std::cout << "same seed same stream " << (a() == b() && a() == b()) << " min " << std::mt19937::min() << " max "
              << std::mt19937::max() << "\n";

    std::mt19937 gen(2024);
    std::uniform_int_distribution<int> die(1, 6);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> normal(10.0, 2.0);
    bool in_range = true;
    int faces[7] = {0};
    for (int i = 0; i < 6000; i++) {
        int v = die(gen);
        double u = unit(gen);
        if (v < 1 || v > 6 || u < 0.0 || u >= 1.0)
            in_range = false;
        faces[v]++;
        (void)normal(gen);
    }
    bool every_face = std::all_of(faces + 1, faces + 7, [](int n) { return n > 800; });
    std::cout << "distributions in range " << in_range << " every face seen often " << every_face << "\n";
    std::vector<int> deck(10);
    for (int i = 0; i < 10; i++)
        deck[i] = i;
    std::shuffle(deck.begin(), deck.end(), gen);
    std::sort(deck.begin(), deck.end());
    std::cout << "shuffle is a permutation " << (deck == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) << "\n";
    std::random_device rd;
    unsigned r1 = rd();
    unsigned r2 = rd();
    (void)r1;
    (void)r2;
    std::cout << "random_device called\n";
}

int main()
{
    regexes();
    chrono_stuff();
    randoms();
    return 0;
}
