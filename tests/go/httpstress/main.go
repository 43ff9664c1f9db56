// main.go — a net/http server on loopback under 64 concurrent clients, each making 20
// requests over kept-alive connections, with the default GOMAXPROCS and with GOMAXPROCS=1.
// Any error or timeout (10 s per request: generous) is counted and makes the exit status 1.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

const (
	clients  = 64
	requests = 20
)

func run(procs int) int64 {
	old := runtime.GOMAXPROCS(procs)
	defer runtime.GOMAXPROCS(old)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		fmt.Fprintf(w, "reply %d\n", n*2)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var done, failed int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := 0; j < requests; j++ {
				n := id*requests + j
				resp, err := client.Get(fmt.Sprintf("http://%s/?n=%d", ln.Addr(), n))
				if err != nil {
					atomic.AddInt64(&failed, 1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || string(body) != fmt.Sprintf("reply %d\n", n*2) {
					atomic.AddInt64(&failed, 1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("body %q err %v", body, err))
					continue
				}
				atomic.AddInt64(&done, 1)
			}
		}(i)
	}
	wg.Wait()
	fmt.Printf("GOMAXPROCS=%s: %d of %d requests completed\n", map[bool]string{true: "1", false: "default"}[procs == 1], done, clients*requests)
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "%d requests failed (first: %v)\n", failed, firstErr.Load())
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
