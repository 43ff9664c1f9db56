// main.go — a Go program for the differential tests: goroutines and channels, timers, a
// recovered nil-pointer panic (SIGSEGV turned into a panic through the signal context),
// os/exec of an ELF child, filepath.Walk, a tight loop that must be preempted, os.Exit.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	ch := make(chan int, 100)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			s := 0
			for j := 0; j < 100000; j++ {
				s += j % (n + 1)
			}
			ch <- s
		}(i)
	}
	wg.Wait()
	close(ch)
	total := 0
	for v := range ch {
		total += v
	}
	fmt.Println("goroutines:", total)
	t := time.NewTimer(20 * time.Millisecond)
	<-t.C
	fmt.Println("timer fired")
	func() {
		defer func() { fmt.Println("recovered:", recover() != nil) }()
		var p *int
		fmt.Println(*p)
	}()
	out, err := exec.Command("/bin/echo", "child", "process").Output()
	fmt.Printf("exec: %q %v\n", strings.TrimSpace(string(out)), err)
	dir, _ := os.MkdirTemp("", "walk")
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("x"), 0644)
	os.Mkdir(filepath.Join(dir, "sub"), 0755)
	os.WriteFile(filepath.Join(dir, "sub", "a.txt"), []byte("yy"), 0644)
	var names []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		rel, _ := filepath.Rel(dir, p)
		names = append(names, fmt.Sprintf("%s:%d", rel, info.Size()))
		return nil
	})
	sort.Strings(names)
	fmt.Println("walk:", strings.Join(names[1:], " "))
	os.RemoveAll(dir)
	start := time.Now()
	done := make(chan bool)
	go func() {
		for time.Since(start) < 50*time.Millisecond {
		}
		done <- true
	}()
	runtime.Gosched()
	<-done
	fmt.Println("preemption ok, GOOS =", runtime.GOOS == "darwin" || runtime.GOOS == "linux")
	os.Exit(3)
}
