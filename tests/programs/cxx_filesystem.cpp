// cxx_filesystem.cpp — std::filesystem over machrun, in the working folder: create_directories,
// files written and sized, directory_iterator and recursive_directory_iterator (sorted), rename,
// copy_file (and its overwrite options), copy of a tree, status/symlink_status and permissions,
// symlinks, last_write_time, space, remove/remove_all, path decomposition, and the error_code
// overloads for a missing file (only whether an error is set, and its errc).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

static void write(const fs::path &p, const std::string &text)
{
    std::ofstream(p) << text;
}

static std::vector<std::string> listing(const fs::path &dir, bool recursive)
{
    std::vector<std::string> names;
    if (recursive) {
        for (const auto &e : fs::recursive_directory_iterator(dir))
            names.push_back(e.path().generic_string() + (e.is_directory() ? "/" : ""));
    } else {
        for (const auto &e : fs::directory_iterator(dir))
            names.push_back(e.path().filename().string() + (e.is_regular_file() ? "" : "?"));
    }
    std::sort(names.begin(), names.end());
    return names;
}

static void print(const char *what, const std::vector<std::string> &v)
{
    std::cout << what << ":";
    for (const auto &s : v)
        std::cout << " " << s;
    std::cout << "\n";
}

static const char *kind(fs::file_type t)
{
    switch (t) {
    case fs::file_type::regular: return "regular";
    case fs::file_type::directory: return "directory";
    case fs::file_type::symlink: return "symlink";
    case fs::file_type::not_found: return "not_found";
    case fs::file_type::fifo: return "fifo";
    default: return "other";
    }
}

static void paths()
{
    fs::path p = "/usr/local/lib/libthing.so.1.2";
    std::cout << "root_name [" << p.root_name().string() << "] root_dir [" << p.root_directory().string()
              << "] root_path " << p.root_path() << " relative " << p.relative_path() << "\n";
    std::cout << "parent " << p.parent_path() << " filename " << p.filename() << " stem " << p.stem()
              << " extension " << p.extension() << "\n";
    fs::path q = "dir/sub/";
    std::cout << "trailing slash filename " << q.filename() << " parent " << q.parent_path() << " has_filename "
              << q.has_filename() << "\n";
    fs::path j = fs::path("a") / "b" / "c.txt";
    std::cout << "joined " << j.generic_string() << " replace_extension "
              << fs::path(j).replace_extension(".md").generic_string() << " remove_filename "
              << fs::path(j).remove_filename().generic_string() << "\n";
    std::cout << "lexically_normal " << fs::path("a/./b/../c//d").lexically_normal().generic_string()
              << " lexically_relative " << fs::path("/a/b/c").lexically_relative("/a/d").generic_string() << "\n";
    std::cout << "elements:";
    for (const auto &e : fs::path("/x/y/z.tar.gz"))
        std::cout << " [" << e.string() << "]";
    std::cout << "\n";
    std::cout << "is_absolute " << p.is_absolute() << fs::path("rel").is_absolute() << " compare "
              << (fs::path("a/b") == fs::path("a/b")) << (fs::path("a") < fs::path("b")) << " dotfile stem "
              << fs::path(".bashrc").stem() << " ext " << fs::path(".bashrc").extension() << "\n";
}

int main()
{
    paths();
    std::cout << "create_directories " << fs::create_directories("tree/a/b/c") << " again "
              << fs::create_directories("tree/a/b/c") << "\n";
    std::cout << "create_directory existing " << fs::create_directory("tree/a") << "\n";
    write("tree/one.txt", "1234567890");
    write("tree/a/two.txt", std::string(1000, 'z'));
    write("tree/a/b/three.dat", "");
    print("directory_iterator tree", listing("tree", false));
    print("recursive", listing("tree", true));
    std::cout << "file_size " << fs::file_size("tree/one.txt") << " " << fs::file_size("tree/a/two.txt") << " "
              << fs::file_size("tree/a/b/three.dat") << " is_empty " << fs::is_empty("tree/a/b/three.dat")
              << fs::is_empty("tree/a/b/c") << fs::is_empty("tree/a") << "\n";

    fs::rename("tree/one.txt", "tree/uno.txt");
    std::cout << "rename: old " << fs::exists("tree/one.txt") << " new " << fs::exists("tree/uno.txt") << "\n";
    std::cout << "copy_file " << fs::copy_file("tree/uno.txt", "tree/copy.txt") << " size "
              << fs::file_size("tree/copy.txt") << "\n";
    std::error_code ec;
    bool copied = fs::copy_file("tree/uno.txt", "tree/copy.txt", ec);
    std::cout << "copy_file onto existing: copied " << copied << " error " << (bool)ec << " exists "
              << (ec == std::errc::file_exists) << "\n";
    write("tree/a/two.txt", "short");
    std::cout << "overwrite_existing " << fs::copy_file("tree/a/two.txt", "tree/copy.txt", fs::copy_options::overwrite_existing)
              << " size " << fs::file_size("tree/copy.txt") << " skip_existing "
              << fs::copy_file("tree/uno.txt", "tree/copy.txt", fs::copy_options::skip_existing) << "\n";
    fs::copy("tree/a", "tree2", fs::copy_options::recursive);
    print("copied tree", listing("tree2", true));

    fs::create_symlink("uno.txt", "tree/link");
    fs::create_directory_symlink("a", "tree/dirlink");
    std::cout << "symlink: is_symlink " << fs::is_symlink("tree/link") << " target " << fs::read_symlink("tree/link")
              << " status " << kind(fs::status("tree/link").type()) << " symlink_status "
              << kind(fs::symlink_status("tree/link").type()) << " size through " << fs::file_size("tree/link") << "\n";
    std::cout << "dirlink status " << kind(fs::status("tree/dirlink").type()) << " equivalent "
              << fs::equivalent("tree/dirlink", "tree/a") << " canonical tail "
              << fs::canonical("tree/dirlink/b/../two.txt").filename() << "\n";
    print("with links", listing("tree", false));

    fs::permissions("tree/uno.txt", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    std::cout << "perms " << std::oct << static_cast<unsigned>(fs::status("tree/uno.txt").permissions()) << "\n";
    fs::permissions("tree/uno.txt", fs::perms::others_read, fs::perm_options::add);
    std::cout << "perms add " << static_cast<unsigned>(fs::status("tree/uno.txt").permissions());
    fs::permissions("tree/uno.txt", fs::perms::owner_write, fs::perm_options::remove);
    std::cout << " remove " << static_cast<unsigned>(fs::status("tree/uno.txt").permissions()) << std::dec << "\n";
    fs::permissions("tree/uno.txt", fs::perms::owner_all);
    fs::create_directory("tree/mode", "tree/a");
    std::cout << "status dir " << kind(fs::status("tree/a").type()) << " missing " << kind(fs::status("tree/none").type())
              << " exists " << fs::exists(fs::status("tree/none")) << " known " << fs::status_known(fs::status("tree/none"))
              << "\n";

    auto t0 = fs::last_write_time("tree/uno.txt");
    fs::last_write_time("tree/uno.txt", t0 - std::chrono::hours(24));
    auto t1 = fs::last_write_time("tree/uno.txt");
    std::cout << "last_write_time moved back a day "
              << (std::chrono::duration_cast<std::chrono::hours>(t0 - t1).count() == 24) << "\n";
    fs::resize_file("tree/uno.txt", 4096);
    std::cout << "resize_file " << fs::file_size("tree/uno.txt") << "\n";
    fs::space_info si = fs::space(".");
    std::cout << "space sane " << (si.capacity >= si.free && si.free >= si.available && si.capacity > 0) << "\n";
    std::cout << "current_path is_absolute " << fs::current_path().is_absolute() << " relative to cwd "
              << fs::relative(fs::current_path() / "tree/a/b").generic_string() << " proximate "
              << fs::proximate("tree/a/b", "tree").generic_string() << "\n";

    // error_code overloads on a missing file: say only whether an error is set
    ec.clear();
    auto sz = fs::file_size("tree/missing.txt", ec);
    std::cout << "file_size missing: error " << (bool)ec << " enoent " << (ec == std::errc::no_such_file_or_directory)
              << " value max " << (sz == static_cast<std::uintmax_t>(-1)) << "\n";
    ec.clear();
    fs::rename("tree/missing.txt", "tree/other.txt", ec);
    std::cout << "rename missing: error " << (bool)ec << "\n";
    ec.clear();
    fs::copy_file("tree/missing.txt", "tree/other.txt", ec);
    std::cout << "copy_file missing: error " << (bool)ec << "\n";
    ec.clear();
    std::cout << "remove missing returns " << fs::remove("tree/missing.txt", ec) << " error " << (bool)ec << "\n";
    ec.clear();
    fs::directory_iterator di("tree/missing-dir", ec);
    std::cout << "directory_iterator missing: error " << (bool)ec << " at end " << (di == fs::directory_iterator()) << "\n";
    ec.clear();
    (void)fs::last_write_time("tree/missing.txt", ec);
    std::cout << "last_write_time missing: error " << (bool)ec << "\n";
    ec.clear();
    fs::create_directory("tree/missing-parent/x", ec);
    std::cout << "create_directory without parent: error " << (bool)ec << "\n";
    ec.clear();
    (void)fs::canonical("tree/missing.txt", ec);
    std::cout << "canonical missing: error " << (bool)ec << "\n";
    try {
        (void)fs::file_size("tree/missing.txt");
    } catch (const fs::filesystem_error &e) {
        std::cout << "filesystem_error path1 " << e.path1().generic_string() << " enoent "
                  << (e.code() == std::errc::no_such_file_or_directory) << "\n";
    }
    try {
        fs::remove("tree");
    } catch (const fs::filesystem_error &e) {
        std::cout << "remove non-empty dir throws, not_empty "
                  << (e.code() == std::errc::directory_not_empty || e.code() == std::errc::file_exists) << "\n";
    }

    // a folder with more entries than one getdirentries call returns
    fs::create_directory("tree/many");
    for (int i = 0; i < 500; i++)
        write(fs::path("tree/many") / ("entry-" + std::to_string(1000 + i) + ".txt"), std::to_string(i));
    std::vector<std::string> many = listing("tree/many", false);
    std::cout << "many: " << many.size() << " entries, first " << many.front() << " last " << many.back() << "\n";
    std::uintmax_t total = 0;
    for (const auto &e : fs::directory_iterator("tree/many"))
        total += e.file_size();
    std::cout << "many: total size " << total << "\n";

    std::cout << "remove file " << fs::remove("tree/copy.txt") << " remove_all tree " << fs::remove_all("tree")
              << " tree2 " << fs::remove_all("tree2") << " again " << fs::remove_all("tree") << "\n";
    std::cout << "gone " << !fs::exists("tree") << !fs::exists("tree2") << "\n";
    return 0;
}
