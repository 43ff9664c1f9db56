// cxx_iostreams.cpp — iostreams and the containers over machrun: an fstream written, read back
// and seeked in the working folder (text and binary), getline, iomanip, stringstream parsing,
// then strings, map/set/unordered_map (printed sorted), deque, list and <algorithm>.
// Prints only what the standard fixes (no capacities, no hash order, no float defaults).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <list>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

static void files()
{
    {
        std::ofstream out("text.txt");
        out << "first line\n" << "second " << 42 << "\n" << "third\tline\n";
        out << std::setw(8) << std::left << "pad" << "|\n";
        std::cout << "text written good=" << out.good() << "\n";
    }
    {
        std::ifstream in("text.txt");
        std::string line;
        int n = 0;
        while (std::getline(in, line))
            std::cout << "line " << ++n << " [" << line << "] len " << line.size() << "\n";
        std::cout << "eof=" << in.eof() << " fail=" << in.fail() << "\n";
    }
    {
        std::ofstream app("text.txt", std::ios::app);
        app << "appended\n";
    }
    {
        std::ifstream in("text.txt", std::ios::ate);
        std::cout << "size by tellg " << static_cast<long long>(in.tellg()) << "\n";
        in.seekg(6);
        std::string w;
        in >> w;
        std::cout << "word at 6: " << w << "\n";
        in.seekg(-9, std::ios::end);
        std::getline(in, w);
        std::cout << "last: " << w << "\n";
    }
    {
        std::ofstream bin("data.bin", std::ios::binary);
        for (uint32_t i = 0; i < 64; i++) {
            uint32_t v = i * 0x01010101u;
            bin.write(reinterpret_cast<const char *>(&v), sizeof v);
        }
        std::cout << "binary tellp " << static_cast<long long>(bin.tellp()) << "\n";
    }
    {
        std::fstream io("data.bin", std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(10 * 4);
        uint32_t mark = 0xdeadbeefu;
        io.write(reinterpret_cast<const char *>(&mark), 4);
        io.seekg(9 * 4);
        uint32_t v[3];
        io.read(reinterpret_cast<char *>(v), sizeof v);
        std::cout << std::hex << "read " << v[0] << " " << v[1] << " " << v[2] << std::dec
                  << " gcount " << io.gcount() << "\n";
        io.seekg(0, std::ios::end);
        std::cout << "binary size " << static_cast<long long>(io.tellg()) << "\n";
        io.seekg(255);
        char c;
        io.read(&c, 1);
        io.read(&c, 1);
        std::cout << "past end eof=" << io.eof() << " gcount " << io.gcount() << "\n";
    }
    {
        std::ifstream none("does-not-exist.txt");
        std::cout << "missing is_open=" << none.is_open() << " fail=" << none.fail() << "\n";
    }
    std::remove("text.txt");
    std::remove("data.bin");
}

static void formatting()
{
    std::cout << std::setw(10) << std::right << 123 << "|" << std::setw(10) << std::left << 456 << "|\n";
    std::cout << std::setfill('0') << std::setw(8) << std::internal << -42 << std::setfill(' ') << "\n";
    std::cout << std::hex << std::showbase << 255 << " " << std::uppercase << 255 << std::nouppercase
              << std::noshowbase << std::dec << "\n";
    std::cout << std::oct << 64 << std::dec << " " << std::boolalpha << true << " " << false
              << std::noboolalpha << " " << true << "\n";
    std::cout << std::fixed << std::setprecision(2) << 3.14159 << " " << 2.5 << " " << -0.125 << "\n";
    std::cout << std::scientific << std::setprecision(3) << 12345.678 << "\n";
    std::cout.unsetf(std::ios::floatfield);
    std::cout << std::setprecision(6) << 0.1 << " " << 1e10 << " " << 100.0 << "\n";
    std::cout << std::showpos << 5 << " " << 0 << std::noshowpos << "\n";

    std::istringstream in("12 -7 3.5 word 0x1f tail of line\nnext");
    int a, b;
    double d;
    std::string w;
    int h;
    in >> a >> b >> d >> w >> std::hex >> h >> std::dec;
    std::string rest;
    std::getline(in, rest);
    std::cout << "parsed " << a << " " << b << " " << d << " " << w << " " << h << " [" << rest << "]\n";
    std::getline(in, rest);
    std::cout << "next [" << rest << "] eof " << in.eof() << "\n";
    std::istringstream bad("abc");
    int x = 5;
    bad >> x;
    std::cout << "bad parse fail=" << bad.fail() << " x=" << x << "\n";
    std::istringstream csv("a,bb,,ccc");
    std::string field;
    while (std::getline(csv, field, ','))
        std::cout << "field [" << field << "]\n";
    std::ostringstream os;
    os << "n=" << 7 << ';' << std::setw(4) << 'c' << ';';
    os.seekp(0);
    os << "N";
    std::cout << os.str() << "\n";
    std::stringstream ss;
    ss << 1 << ' ' << 2 << ' ' << 3;
    int sum = 0, v;
    while (ss >> v)
        sum += v;
    std::cout << "sum " << sum << "\n";
    std::wostringstream wos;
    wos << L"wide " << 99;
    std::wstring ws = wos.str();
    std::cout << "wide len " << ws.size() << " last " << static_cast<char>(ws.back()) << "\n";
}

static void strings()
{
    std::string s = "Hello, machrun world";
    std::cout << s.substr(7, 7) << " " << s.find("world") << " " << s.rfind('o') << " "
              << (s.find("zzz") == std::string::npos) << "\n";
    s.replace(0, 5, "Goodbye");
    s.insert(s.size(), "!");
    s.erase(s.find(','), 1);
    std::cout << s << " size " << s.size() << "\n";
    std::string big(300, 'x');
    big += "end";
    std::cout << "big " << big.size() << " " << big.substr(298) << "\n";
    std::string u = "MiXeD";
    std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::tolower(c); });
    std::cout << u << " " << std::to_string(-123) << " " << std::stoi("  77xyz") << " " << std::stol("-0x10", nullptr, 16)
              << " " << std::stoul("777", nullptr, 8) << "\n";
    std::cout << "compare " << (std::string("abc") < std::string("abd")) << " " << std::string("b").compare("a") << "\n";
    std::string joined;
    for (const char *p : {"one", "two", "three"})
        joined += (joined.empty() ? "" : "-") + std::string(p);
    std::cout << joined << " starts " << (joined.rfind("one", 0) == 0) << "\n";
}

static void containers()
{
    std::map<std::string, int> m;
    for (const char *w : {"pear", "apple", "fig", "apple", "kiwi", "fig", "apple"})
        m[w]++;
    for (auto &kv : m)
        std::cout << kv.first << "=" << kv.second << " ";
    std::cout << "\n";
    auto lb = m.lower_bound("b");
    std::cout << "lower_bound b -> " << lb->first << "\n";
    std::multimap<int, char> mm{{2, 'b'}, {1, 'a'}, {2, 'c'}};
    std::cout << "multimap count 2: " << mm.count(2) << "\n";

    std::set<int> st{5, 1, 9, 3, 5, 7};
    st.erase(9);
    for (int v : st)
        std::cout << v << " ";
    std::cout << "size " << st.size() << "\n";

    std::unordered_map<std::string, int> um;
    for (int i = 0; i < 50; i++)
        um["k" + std::to_string(i % 17)] += i;
    std::vector<std::pair<std::string, int>> sorted(um.begin(), um.end());
    std::sort(sorted.begin(), sorted.end());
    for (auto &kv : sorted)
        std::cout << kv.first << ":" << kv.second << " ";
    std::cout << "n " << um.size() << "\n";
    std::unordered_set<int> us{4, 8, 15, 16, 23, 42};
    std::cout << "unordered_set has 15: " << us.count(15) << " has 5: " << us.count(5) << "\n";

    std::deque<int> dq;
    for (int i = 0; i < 10; i++) {
        if (i % 2)
            dq.push_front(i);
        else
            dq.push_back(i);
    }
    dq.pop_front();
    for (int v : dq)
        std::cout << v << " ";
    std::cout << "front " << dq.front() << " back " << dq.back() << "\n";

    std::list<int> l{3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
    l.sort();
    l.unique();
    l.reverse();
    for (int v : l)
        std::cout << v << " ";
    std::cout << "\n";

    std::vector<int> v(20);
    std::iota(v.begin(), v.end(), 1);
    std::rotate(v.begin(), v.begin() + 5, v.end());
    std::stable_partition(v.begin(), v.end(), [](int x) { return x % 3 == 0; });
    for (int x : v)
        std::cout << x << " ";
    std::cout << "\n";
    std::cout << "accumulate " << std::accumulate(v.begin(), v.end(), 0) << " max "
              << *std::max_element(v.begin(), v.end()) << " count_if "
              << std::count_if(v.begin(), v.end(), [](int x) { return x > 10; }) << "\n";
    std::sort(v.begin(), v.end(), std::greater<int>());
    std::cout << "binary_search 7 (desc) " << std::binary_search(v.begin(), v.end(), 7, std::greater<int>()) << "\n";
    std::vector<int> a{1, 2, 3, 4}, b{3, 4, 5}, out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    std::cout << "intersection " << out.size() << " " << out[0] << out[1] << "\n";
    std::vector<int> p{1, 2, 3};
    int perms = 0;
    do
        perms++;
    while (std::next_permutation(p.begin(), p.end()));
    std::cout << "permutations " << perms << "\n";
    std::vector<std::string> words{"delta", "alpha", "charlie", "bravo"};
    std::sort(words.begin(), words.end());
    auto it = std::unique(words.begin(), words.end());
    std::cout << "words " << std::distance(words.begin(), it) << " first " << words.front() << "\n";
}

// Standard input (cxx_iostreams.stdin): a header line, then numbers and words to the end.
static void standard_input()
{
    std::string header;
    std::getline(std::cin, header);
    std::cout << "stdin header [" << header << "]\n";
    long sum = 0, numbers = 0;
    std::string tok;
    std::vector<std::string> words;
    while (std::cin >> tok) {
        char *end = nullptr;
        long v = std::strtol(tok.c_str(), &end, 10);
        if (*end == 0) {
            sum += v;
            numbers++;
        } else {
            words.push_back(tok);
        }
    }
    std::cout << "stdin numbers " << numbers << " sum " << sum << " words " << words.size() << " last "
              << (words.empty() ? "-" : words.back()) << " eof " << std::cin.eof() << "\n";
    std::cin.clear();
    std::cout << "cin after clear good " << std::cin.good() << " get at eof " << (std::cin.get() == EOF) << "\n";
    std::wcout << L"wcout: " << 12345 << L" " << std::wstring(L"wide text") << std::endl;
}

int main()
{
    files();
    formatting();
    strings();
    containers();
    standard_input();
    std::cerr << "cerr works " << 1 << "\n";
    std::clog << "clog works\n";
    return 0;
}
