echo ~ ~/x
HOME=/tmp/h; echo ~ ~/y
echo "~" a~b
x=~/z; echo $x
