// An uncaught exception: the source line, the stack and exit status 1.
function inner() { throw new Error('boom'); }
function outer() { inner(); }
outer();
