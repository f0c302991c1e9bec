x=hello
echo ${x:-${y:-deep}} ${y:-${x}} "${z:-"quoted default"}"
echo ${#x} $(( ${#x} * 2 ))
f=file.txt; echo "${f%.*}.bak" "${f##*.}"
