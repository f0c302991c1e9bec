printf '%q\n' 'a b' "tab	x" '$var' 'semi;colon' 'ok_word' "new
line"
