set -- a b
shift 3; echo "st=$?"
shift -1; echo "st=$?"
shift x; echo "st=$?"
echo "$#"
