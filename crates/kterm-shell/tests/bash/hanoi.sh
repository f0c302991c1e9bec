hanoi() {
  local n=$1 from=$2 to=$3 via=$4
  if (( n == 0 )); then return; fi
  hanoi $((n-1)) $from $via $to
  echo "move $n $from->$to"
  hanoi $((n-1)) $via $to $from
}
hanoi 3 A C B | wc -l
hanoi 2 A C B
