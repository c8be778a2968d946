package fold_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/address/fold"
)

func ExampleKey() {
	fmt.Println(fold.Key("Phường Đống Đa, Hà Nội"))
	fmt.Println(fold.Key("phuong dong da - ha noi"))
	fmt.Println(fold.Plain("Phường Đống Đa, Hà Nội"))
	// Output:
	// phuong dong da ha noi
	// phuong dong da ha noi
	// Phuong Dong Da, Ha Noi
}

func ExampleNameKey() {
	for _, s := range []string{"Đường Lê Lợi", "Đ. Lê Lợi", "le loi", "Ngõ 201", "Quốc lộ 13"} {
		fmt.Printf("%s: %q\n", s, fold.NameKey(s))
	}
	// Output:
	// Đường Lê Lợi: "le loi"
	// Đ. Lê Lợi: "le loi"
	// le loi: "le loi"
	// Ngõ 201: "201"
	// Quốc lộ 13: "quoc lo 13"
}

func ExampleCutType() {
	w, rest, ok := fold.CutType(fold.Key("P.14, Q.10"))
	fmt.Println(w.Kind, w.Kind.Class(), w.Short, rest, ok)
	// Output: Phường unit true 14 q 10 true
}

func ExampleTypeWords() {
	for w := range fold.TypeWords() {
		if w.Kind.Class() == fold.Alley {
			fmt.Printf("%s (%s)\n", w.Spelling, w.Key)
		}
	}
	// Output:
	// ngõ (ngo)
	// ngách (ngach)
	// hẻm (hem)
	// kiệt (kiet)
}
