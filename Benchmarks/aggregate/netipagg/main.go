// Baseline for the aggregate benchmark: the same job (minimal CIDR list of the union of
// prefixes read one a line) written plainly on Go's net/netip, for both families.
package main

import (
	"bufio"
	"math/bits"
	"net/netip"
	"os"
	"sort"
	"strings"
)

type span struct{ lo, hi [2]uint64 } // 128-bit closed range as (high, low) words

func less(a, b [2]uint64) bool { return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]) }

func words(a netip.Addr) [2]uint64 {
	b := a.As16()
	var w [2]uint64
	for i := 0; i < 8; i++ {
		w[0] = w[0]<<8 | uint64(b[i])
		w[1] = w[1]<<8 | uint64(b[i+8])
	}
	return w
}

func fromWords(w [2]uint64, is4 bool) netip.Addr {
	var b [16]byte
	for i := 0; i < 8; i++ {
		b[7-i] = byte(w[0] >> (8 * i))
		b[15-i] = byte(w[1] >> (8 * i))
	}
	a := netip.AddrFrom16(b)
	if is4 {
		return a.Unmap()
	}
	return a
}

func add1(w [2]uint64) ([2]uint64, bool) {
	lo, c := bits.Add64(w[1], 1, 0)
	hi, c2 := bits.Add64(w[0], 0, c)
	return [2]uint64{hi, lo}, c2 == 1
}

// blockEnd is the last address of the block of 2^host addresses starting at start.
func blockEnd(start [2]uint64, host int) [2]uint64 {
	end := start
	switch {
	case host == 128:
		end = [2]uint64{^uint64(0), ^uint64(0)}
	case host >= 64:
		end[1] = ^uint64(0)
		end[0] |= (uint64(1) << uint(host-64)) - 1
	case host > 0:
		end[1] |= (uint64(1) << uint(host)) - 1
	}
	return end
}

func toSpan(p netip.Prefix) span {
	lo := words(p.Masked().Addr())
	host := 128 - p.Bits()
	if p.Addr().Is4() {
		host = 32 - p.Bits()
	}
	return span{lo, blockEnd(lo, host)}
}

func emit(w *bufio.Writer, s span, is4 bool) {
	width := 128
	if is4 {
		width = 32
	}
	cur := s.lo
	for {
		tz := 128
		if cur[1] != 0 {
			tz = bits.TrailingZeros64(cur[1])
		} else if cur[0] != 0 {
			tz = 64 + bits.TrailingZeros64(cur[0])
		}
		if tz > width {
			tz = width
		}
		// largest block from cur not passing hi
		host := tz
		for host > 0 && less(s.hi, blockEnd(cur, host)) {
			host--
		}
		p := netip.PrefixFrom(fromWords(cur, is4), width-host)
		w.WriteString(p.String())
		w.WriteByte('\n')
		end := blockEnd(cur, host)
		if !less(end, s.hi) {
			return
		}
		cur, _ = add1(end)
	}
}

func main() {
	var v4, v6 []span
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			panic(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || line[0] == '#' {
				continue
			}
			var p netip.Prefix
			if strings.IndexByte(line, '/') >= 0 {
				p, err = netip.ParsePrefix(line)
			} else {
				var a netip.Addr
				a, err = netip.ParseAddr(line)
				p = netip.PrefixFrom(a, a.BitLen())
			}
			if err != nil {
				panic(err)
			}
			if p.Addr().Is4() {
				v4 = append(v4, toSpan(p))
			} else {
				v6 = append(v6, toSpan(p))
			}
		}
		f.Close()
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	for fam, list := range [][]span{v4, v6} {
		sort.Slice(list, func(i, j int) bool { return less(list[i].lo, list[j].lo) })
		var cur span
		open := false
		for _, s := range list {
			next, overflow := add1(cur.hi)
			if open && (!less(cur.hi, s.lo) || (!overflow && next == s.lo)) {
				if less(cur.hi, s.hi) {
					cur.hi = s.hi
				}
				continue
			}
			if open {
				emit(out, cur, fam == 0)
			}
			cur, open = s, true
		}
		if open {
			emit(out, cur, fam == 0)
		}
	}
	out.Flush()
}
