{ echo a; echo b; } | wc -l
{ x=inner; }; echo $x
{ echo out; false; } || echo "group failed"
{ echo one
  echo two
}
