// main.go — many loopback TCP connections at once through Go's netpoller (kqueue on darwin):
// a server and 64 concurrent clients, 10 rounds, with the default GOMAXPROCS and then with
// GOMAXPROCS=1. Every client writes a line, reads it back echoed and closes; any error or
// timeout (5 s per connection: generous) is counted and makes the exit status 1.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const (
	clients = 64
	rounds  = 10
)

func serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func(c net.Conn) {
			defer c.Close()
			c.SetDeadline(time.Now().Add(5 * time.Second))
			line, err := bufio.NewReader(c).ReadString('\n')
			if err != nil {
				return
			}
			c.Write([]byte("echo " + line))
		}(c)
	}
}

func run(procs int) int64 {
	old := runtime.GOMAXPROCS(procs)
	defer runtime.GOMAXPROCS(old)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	defer ln.Close()
	go serve(ln)
	var done, failed int64
	var firstErr atomic.Value
	for r := 0; r < rounds; r++ {
		var wg sync.WaitGroup
		for i := 0; i < clients; i++ {
			wg.Add(1)
			go func(id int) {
				defer wg.Done()
				fail := func(err error) {
					atomic.AddInt64(&failed, 1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				c, err := net.DialTimeout("tcp", ln.Addr().String(), 5*time.Second)
				if err != nil {
					fail(err)
					return
				}
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				msg := fmt.Sprintf("client %d\n", id)
				if _, err := c.Write([]byte(msg)); err != nil {
					fail(err)
					return
				}
				reply, err := bufio.NewReader(c).ReadString('\n')
				if err != nil {
					fail(err)
					return
				}
				if reply != "echo "+msg {
					fail(fmt.Errorf("bad reply %q", reply))
					return
				}
				atomic.AddInt64(&done, 1)
			}(i)
		}
		wg.Wait()
	}
	fmt.Printf("GOMAXPROCS=%s: %d of %d connections completed\n", map[bool]string{true: "1", false: "default"}[procs == 1], done, clients*rounds)
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "%d connections failed (first: %v)\n", failed, firstErr.Load())
	}
	return failed
}

func main() {
	failed := run(runtime.GOMAXPROCS(0))
	failed += run(1)
	if failed > 0 {
		os.Exit(1)
	}
}
