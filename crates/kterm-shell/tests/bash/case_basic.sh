for x in apple banana cherry 42 ""; do
case $x in
  a*) echo "a-word $x";;
  b*|c*) echo "b or c $x" ;;
  [0-9]*) echo number;;
  '') echo empty;;
  *) echo other;;
esac
done
