f() {
  echo a
