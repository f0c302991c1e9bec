echo 'echo part1; return 4; echo part2' > r.sh
. ./r.sh
echo "st=$?"
