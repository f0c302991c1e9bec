echo one \
  two \
  three
x=a\
b
echo $x
echo "quoted \
continued"
