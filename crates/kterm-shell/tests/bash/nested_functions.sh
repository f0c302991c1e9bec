outer() {
  inner() { echo "inner $1"; }
  inner "from outer"
}
outer
inner direct
counter=0
inc() { counter=$((counter+1)); }
inc; inc; echo $counter
