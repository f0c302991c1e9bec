mkdir -p d/sub; touch d/a.txt d/b.md d/sub/c.txt .dot
echo d/*
echo d/*.txt d/*/*.txt
echo d/[ab].*
echo d/[!a]*
echo */
echo .*ot
set -f; echo d/*; set +f
echo "d/*"
