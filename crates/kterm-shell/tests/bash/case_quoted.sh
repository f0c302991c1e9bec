p='*'
case abc in $p) echo unquoted-var-pattern;; esac
case abc in "$p") echo no;; *) echo quoted-literal;; esac
case '*' in "$p") echo star-literal;; esac
