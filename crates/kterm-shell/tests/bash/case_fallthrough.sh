case b in
  a) echo a;;
  b) echo b;&
  c) echo c;;
  d) echo d;;
esac
case ab in
  a*) echo first;;&
  *b) echo second;;&
  x) echo no;;
  *) echo last;;
esac
case x in (x) echo paren;; esac
