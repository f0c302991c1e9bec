echo a; echo b
if true
then
  echo c
fi
for i in 1
do echo $i; done
echo d &&
echo e ||
echo f
echo g |
cat
