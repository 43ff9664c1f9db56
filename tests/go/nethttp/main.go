// main.go — net/http on loopback, os/signal.Notify, a Mach-O child through os/exec
// (this program itself), runtime.Stack, and JSON, against the Linux build.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		fmt.Println("child says", strings.Join(os.Args[2:], " "))
		os.Exit(4)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"path": r.URL.Path, "q": r.URL.Query().Get("q")})
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	for i := 0; i < 3; i++ {
		resp, err := http.Get(fmt.Sprintf("http://%s/hello?q=%d", ln.Addr(), i))
		if err != nil {
			fmt.Println("get:", err)
			os.Exit(1)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("status %d body %s", resp.StatusCode, body)
	}
	srv.Close()

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-sigs:
		fmt.Println("signal:", s)
	case <-time.After(2 * time.Second):
		fmt.Println("signal: timeout")
	}

	self, _ := os.Executable()
	out, err := exec.Command(self, "child", "a", "b").Output()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	fmt.Printf("child: %q exit %d\n", strings.TrimSpace(string(out)), code)

	buf := make([]byte, 4096)
	n := runtime.Stack(buf, false)
	fmt.Println("stack mentions main.main:", strings.Contains(string(buf[:n]), "main.main"))
}
