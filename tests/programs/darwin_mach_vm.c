/* darwin_mach_vm.c — macOS-only memory entries and remapping (compared with
 * darwin_mach_vm.expected): a MAP_MEM_NAMED_CREATE entry mapped twice by mach_vm_map, writes
 * through either view seen by the other (also at a fixed address and a sub-entry by offset),
 * an entry for memory already mapped from one, mach_vm_remap aliasing those pages and
 * copying them (copy = TRUE), aliasing the program's code, the errors for a bad entry or offset, and the memory staying
 * mapped after the entry's port is deallocated. */
#include <mach/mach.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

kern_return_t mach_vm_map(vm_map_t, mach_vm_address_t *, mach_vm_size_t, mach_vm_offset_t, int, mem_entry_name_port_t,
                          memory_object_offset_t, boolean_t, vm_prot_t, vm_prot_t, vm_inherit_t);
kern_return_t mach_vm_remap(vm_map_t, mach_vm_address_t *, mach_vm_size_t, mach_vm_offset_t, int, vm_map_t,
                            mach_vm_address_t, boolean_t, vm_prot_t *, vm_prot_t *, vm_inherit_t);
kern_return_t mach_vm_deallocate(vm_map_t, mach_vm_address_t, mach_vm_size_t);
kern_return_t mach_vm_allocate(vm_map_t, mach_vm_address_t *, mach_vm_size_t, int);

#define RW (VM_PROT_READ | VM_PROT_WRITE)

static kern_return_t map(mach_vm_address_t *a, mach_vm_size_t size, int flags, mach_port_t entry, uint64_t off,
                         boolean_t copy)
{
    return mach_vm_map(mach_task_self(), a, size, 0, flags, entry, off, copy, RW, RW, VM_INHERIT_NONE);
}

int main(void)
{
    const mach_vm_size_t page = (mach_vm_size_t)getpagesize(), size = 4 * page;
    memory_object_size_t esize = size - 100; /* rounded up to pages */
    mach_port_t entry = MACH_PORT_NULL;
    kern_return_t kr = mach_make_memory_entry_64(mach_task_self(), &esize, 0, MAP_MEM_NAMED_CREATE | RW, &entry,
                                                 MACH_PORT_NULL);
    printf("make entry: %d, size rounded: %d\n", kr, esize == size);

    mach_vm_address_t a = 0, b = 0;
    printf("map a: %d\n", map(&a, size, VM_FLAGS_ANYWHERE, entry, 0, FALSE));
    printf("map b: %d\n", map(&b, size, VM_FLAGS_ANYWHERE, entry, 0, FALSE));
    printf("two addresses: %d\n", a != b && a && b);
    strcpy((char *)a, "written through a");
    printf("b sees: %s\n", (char *)b);
    strcpy((char *)b + 3 * page, "written through b");
    printf("a sees: %s\n", (char *)a + 3 * page);

    /* the second page of the entry at a fixed address, replacing a reservation */
    mach_vm_address_t c = 0;
    mach_vm_allocate(mach_task_self(), &c, page, VM_FLAGS_ANYWHERE);
    printf("fixed without overwrite: %d\n", map(&c, page, VM_FLAGS_FIXED, entry, page, FALSE));
    printf("fixed overwrite: %d\n", map(&c, page, VM_FLAGS_FIXED | VM_FLAGS_OVERWRITE, entry, page, FALSE));
    ((char *)c)[0] = 'Z';
    printf("a sees page 1: %c\n", ((char *)a)[page]);

    /* a private copy of the entry */
    mach_vm_address_t d = 0;
    printf("map copy: %d\n", map(&d, page, VM_FLAGS_ANYWHERE, entry, 0, TRUE));
    ((char *)d)[0] = 'W';
    printf("copy written, a keeps: %c\n", ((char *)a)[0]);

    /* an entry for memory already mapped from the entry, and a sub-entry by offset */
    memory_object_size_t s2 = page;
    mach_port_t e2 = MACH_PORT_NULL, e3 = MACH_PORT_NULL;
    printf("entry of mapped memory: %d\n",
           mach_make_memory_entry_64(mach_task_self(), &s2, b + 3 * page, RW, &e2, MACH_PORT_NULL));
    mach_vm_address_t e2a = 0;
    map(&e2a, page, VM_FLAGS_ANYWHERE, e2, 0, FALSE);
    printf("through it: %s\n", (char *)e2a);
    memory_object_size_t s3 = page;
    printf("sub-entry: %d\n", mach_make_memory_entry_64(mach_task_self(), &s3, 3 * page, RW, &e3, entry));
    mach_vm_address_t e3a = 0;
    map(&e3a, page, VM_FLAGS_ANYWHERE, e3, 0, FALSE);
    printf("through the sub-entry: %s\n", (char *)e3a);

    /* errors */
    mach_vm_address_t x = 0;
    printf("map past the entry: %d\n", map(&x, size, VM_FLAGS_ANYWHERE, entry, page, FALSE));
    printf("map a bad entry: %d\n", map(&x, page, VM_FLAGS_ANYWHERE, (mach_port_t)0x12345, 0, FALSE));

    /* remap: an alias of shared pages, and a copy */
    mach_vm_address_t r = 0;
    vm_prot_t cur = 0, max = 0;
    kr = mach_vm_remap(mach_task_self(), &r, 2 * page, 0, VM_FLAGS_ANYWHERE, mach_task_self(), a, FALSE, &cur, &max,
                       VM_INHERIT_NONE);
    printf("remap alias: %d, cur rw: %d\n", kr, (cur & RW) == RW);
    ((char *)r)[1] = 'Q';
    printf("a sees the alias's write: %c\n", ((char *)a)[1]);
    mach_vm_address_t rc = 0;
    kr = mach_vm_remap(mach_task_self(), &rc, page, 0, VM_FLAGS_ANYWHERE, mach_task_self(), a, TRUE, &cur, &max,
                       VM_INHERIT_NONE);
    ((char *)rc)[2] = '!';
    printf("remap copy: %d, contents %.5s, a keeps %c\n", kr, (char *)rc, ((char *)a)[2]);

    /* an alias of the program's own code pages (mapped from the file) */
    mach_vm_address_t code = (mach_vm_address_t)(uintptr_t)main & ~(mach_vm_address_t)(page - 1), rt = 0;
    kr = mach_vm_remap(mach_task_self(), &rt, page, 0, VM_FLAGS_ANYWHERE, mach_task_self(), code, FALSE, &cur, &max,
                       VM_INHERIT_NONE);
    printf("remap code: %d, same bytes %d, cur r-x %d\n", kr, kr == 0 && !memcmp((void *)rt, (void *)code, page),
           cur == (VM_PROT_READ | VM_PROT_EXECUTE));

    /* the memory outlives the entry's port */
    printf("deallocate entry: %d\n", mach_port_deallocate(mach_task_self(), entry));
    strcpy((char *)a + page * 2, "after deallocate");
    printf("b still sees: %s\n", (char *)b + page * 2);
    mach_port_deallocate(mach_task_self(), e2);
    mach_port_deallocate(mach_task_self(), e3);
    printf("deallocate a: %d\n", mach_vm_deallocate(mach_task_self(), a, size));
    printf("b after a is gone: %s\n", (char *)b);
    return 0;
}
