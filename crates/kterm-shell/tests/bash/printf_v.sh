printf -v out '%05.1f' 3.14159
echo "[$out]"
printf -v arr[2] '%s' two; echo ${arr[2]}
