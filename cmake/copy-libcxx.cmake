# copy-libcxx.cmake — copy the cached libc++ build (its folder is the last line of LIST) into
# DEST (ROOT/usr/lib), with macOS's libc++.dylib name beside libc++.1.dylib, and its headers
# into ROOT/usr/include/c++/v1 as the SDK has them.
file(STRINGS ${LIST} _lines)
list(GET _lines -1 _dir)
file(MAKE_DIRECTORY ${DEST})
file(COPY ${_dir}/libc++.1.dylib ${_dir}/libc++abi.dylib DESTINATION ${DEST})
file(CREATE_LINK libc++.1.dylib ${DEST}/libc++.dylib SYMBOLIC)
file(REMOVE_RECURSE ${DEST}/../include/c++)
file(COPY ${_dir}/include/c++ DESTINATION ${DEST}/../include)
