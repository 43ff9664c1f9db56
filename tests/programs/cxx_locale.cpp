// cxx_locale.cpp — std::locale and its facets over machrun: the classic "C" locale, a custom
// numpunct facet imbued into streams (grouping, thousands separator, decimal point, true/false
// names), ctype toupper/tolower/is, num_get parsing with and without grouping, moneypunct of the
// classic locale, collate compare, and time_put / time_get with a fixed struct tm.
// Only the "C" locale is named: the facets' output is what the standard fixes for it.
#include <cstring>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <locale>
#include <sstream>
#include <string>

struct Grouped : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
    std::string do_truename() const override { return "yes"; }
    std::string do_falsename() const override { return "no"; }
};

struct Indian : std::numpunct<char> {
    char do_thousands_sep() const override { return ','; }
    std::string do_grouping() const override { return "\3\2"; }
};

static void classic()
{
    std::locale c = std::locale::classic();
    std::cout << "classic name " << c.name() << " global name " << std::locale().name()
              << " equal " << (c == std::locale()) << " C equal " << (std::locale("C") == c) << "\n";
    const auto &np = std::use_facet<std::numpunct<char>>(c);
    std::cout << "C decimal '" << np.decimal_point() << "' sep '" << np.thousands_sep() << "' grouping size "
              << np.grouping().size() << " true " << np.truename() << " false " << np.falsename() << "\n";
    // (has_facet<Grouped> of the classic locale is not portable: Grouped has no id of its own,
    // libc++ finds numpunct<char>'s, libstdc++ also checks the facet's dynamic type)
    std::cout << "has numpunct " << std::has_facet<std::numpunct<char>>(c) << " has ctype "
              << std::has_facet<std::ctype<char>>(c) << "\n";
    try {
        std::locale bad("no_such_locale.UTF-99");
        std::cout << "named locale unexpectedly made\n";
    } catch (const std::runtime_error &) {
        std::cout << "unknown locale name throws runtime_error\n";
    }
}

static void numpunct_facet()
{
    std::locale g(std::locale::classic(), new Grouped);
    std::cout << "has Grouped now " << std::has_facet<Grouped>(g) << " name " << (g.name() == "*") << "\n";
    std::ostringstream os;
    os.imbue(g);
    os << 1234567 << " " << -9876543210LL << " " << 12 << " " << std::fixed << std::setprecision(2) << 1234567.891
       << " " << std::boolalpha << true << " " << false;
    std::cout << os.str() << "\n";
    std::ostringstream ind;
    ind.imbue(std::locale(std::locale::classic(), new Indian));
    ind << 123456789 << " " << 1000 << " " << 999;
    std::cout << ind.str() << "\n";

    std::istringstream in("1.234.567 3,75 yes no");
    in.imbue(g);
    long n = 0;
    double d = 0;
    bool b1 = false, b2 = true;
    in >> n >> d >> std::boolalpha >> b1 >> b2;
    std::cout << "parsed grouped " << n << " " << std::fixed << std::setprecision(2) << d << " " << b1 << b2
              << " ok " << !in.fail() << "\n";
    std::istringstream bad("12.34.5");
    bad.imbue(g);
    long m = 0;
    bad >> m;
    std::cout << "bad grouping failbit " << bad.fail() << "\n";
    std::cout.imbue(g);
    std::cout << "cout imbued " << 1000000 << "\n";
    std::cout.imbue(std::locale::classic());
    std::cout << "cout classic " << 1000000 << "\n";
    std::locale::global(g);
    std::ostringstream after;
    after << 55555;
    std::cout << "new stream under global " << after.str() << "\n";
    std::locale::global(std::locale::classic());
}

static void ctype_facet()
{
    const auto &ct = std::use_facet<std::ctype<char>>(std::locale::classic());
    std::string s = "Hello, World! 123 xyz";
    std::string up = s, lo = s;
    ct.toupper(&up[0], &up[0] + up.size());
    ct.tolower(&lo[0], &lo[0] + lo.size());
    std::cout << up << " / " << lo << "\n";
    std::cout << "toupper(a) " << ct.toupper('a') << " tolower(Q) " << ct.tolower('Q') << " widen " << ct.widen('z')
              << " narrow " << ct.narrow('m', '?') << "\n";
    int alpha = 0, digit = 0, space = 0, punct = 0, upper = 0;
    for (char c : s) {
        alpha += ct.is(std::ctype_base::alpha, c);
        digit += ct.is(std::ctype_base::digit, c);
        space += ct.is(std::ctype_base::space, c);
        punct += ct.is(std::ctype_base::punct, c);
        upper += ct.is(std::ctype_base::upper, c);
    }
    std::cout << "alpha " << alpha << " digit " << digit << " space " << space << " punct " << punct << " upper "
              << upper << "\n";
    std::cout << "std::isalpha(locale) " << std::isalpha('x', std::locale::classic()) << std::isdigit('x', std::locale::classic())
              << " std::toupper " << std::toupper('k', std::locale::classic()) << "\n";
    const char *p = ct.scan_not(std::ctype_base::alpha, s.data(), s.data() + s.size());
    std::cout << "first non-alpha at " << (p - s.data()) << "\n";
    const auto &wct = std::use_facet<std::ctype<wchar_t>>(std::locale::classic());
    std::cout << "wide toupper " << static_cast<char>(wct.toupper(L'w')) << " is alpha "
              << wct.is(std::ctype_base::alpha, L'w') << "\n";
}

static void num_get_facet()
{
    std::locale c = std::locale::classic();
    const auto &ng = std::use_facet<std::num_get<char>>(c);
    std::istringstream src("  -42 0x7f 017 1e3 nope");
    src.imbue(c);
    std::ios_base::iostate err = std::ios_base::goodbit;
    std::istreambuf_iterator<char> end;
    long v = 0;
    std::istreambuf_iterator<char> it(src);
    src >> std::ws;
    it = ng.get(std::istreambuf_iterator<char>(src), end, src, err, v);
    std::cout << "num_get long " << v << " err " << err << "\n";
    src >> std::ws;
    src.setf(std::ios_base::fmtflags(0), std::ios_base::basefield);
    err = std::ios_base::goodbit;
    long hx = 0;
    ng.get(std::istreambuf_iterator<char>(src), end, src, err, hx);
    std::cout << "num_get base 0 hex " << hx << " err " << err << "\n";
    src >> std::ws;
    err = std::ios_base::goodbit;
    long oc = 0;
    ng.get(std::istreambuf_iterator<char>(src), end, src, err, oc);
    std::cout << "num_get base 0 oct " << oc << " err " << err << "\n";
    src >> std::ws;
    src.setf(std::ios_base::dec, std::ios_base::basefield);
    err = std::ios_base::goodbit;
    double d = 0;
    ng.get(std::istreambuf_iterator<char>(src), end, src, err, d);
    std::cout << "num_get double " << d << " err " << err << "\n";
    src >> std::ws;
    err = std::ios_base::goodbit;
    long z = 7;
    ng.get(std::istreambuf_iterator<char>(src), end, src, err, z);
    std::cout << "num_get fails " << ((err & std::ios_base::failbit) != 0) << " value " << z << "\n";
    std::istringstream big("99999999999999999999");
    int i = 1;
    big >> i;
    std::cout << "overflow fail " << big.fail() << " max " << (i == 2147483647) << "\n";
}

static void time_facets()
{
    std::tm t;
    std::memset(&t, 0, sizeof t);
    t.tm_year = 2024 - 1900;
    t.tm_mon = 1;
    t.tm_mday = 29;
    t.tm_hour = 13;
    t.tm_min = 5;
    t.tm_sec = 9;
    t.tm_wday = 4;
    t.tm_yday = 59;
    std::ostringstream os;
    os.imbue(std::locale::classic());
    const auto &tp = std::use_facet<std::time_put<char>>(std::locale::classic());
    const std::string fmt = "%Y-%m-%d %H:%M:%S | %a %A %b %B | %j %y %e | %I %p | %%";
    tp.put(std::ostreambuf_iterator<char>(os), os, ' ', &t, fmt.data(), fmt.data() + fmt.size());
    std::cout << os.str() << "\n";
    std::ostringstream os2;
    os2 << std::put_time(&t, "%D %T %R");
    std::cout << "put_time " << os2.str() << "\n";
    std::ostringstream os3;
    tp.put(std::ostreambuf_iterator<char>(os3), os3, ' ', &t, 'Y');
    std::cout << "single Y " << os3.str() << "\n";

    std::tm r;
    std::memset(&r, 0, sizeof r);
    std::istringstream in("1999-12-31 23:59:58");
    in.imbue(std::locale::classic());
    in >> std::get_time(&r, "%Y-%m-%d %H:%M:%S");
    std::cout << "get_time ok " << !in.fail() << " " << r.tm_year + 1900 << "/" << r.tm_mon + 1 << "/" << r.tm_mday
              << " " << r.tm_hour << ":" << r.tm_min << ":" << r.tm_sec << "\n";
}

static void money_and_collate()
{
    const auto &mp = std::use_facet<std::moneypunct<char>>(std::locale::classic());
    std::cout << "money frac_digits " << mp.frac_digits() << " curr_symbol [" << mp.curr_symbol() << "] positive_sign ["
              << mp.positive_sign() << "]\n";
    // (the classic locale's negative_sign and decimal_point differ: libc++ has "-" and CHAR_MAX,
    // libstdc++ "" and '.')
    const auto &co = std::use_facet<std::collate<char>>(std::locale::classic());
    std::string a = "apple", b = "apricot", c = "apple";
    std::cout << "collate " << co.compare(a.data(), a.data() + a.size(), b.data(), b.data() + b.size()) << " "
              << co.compare(b.data(), b.data() + b.size(), a.data(), a.data() + a.size()) << " "
              << co.compare(a.data(), a.data() + a.size(), c.data(), c.data() + c.size()) << "\n";
    std::cout << "locale() as comparator " << std::locale::classic()(a, b) << "\n";
    std::string tr = co.transform(a.data(), a.data() + a.size());
    std::cout << "transform same order " << (tr < co.transform(b.data(), b.data() + b.size())) << "\n";
}

int main()
{
    classic();
    numpunct_facet();
    ctype_facet();
    num_get_facet();
    time_facets();
    money_and_collate();
    return 0;
}
