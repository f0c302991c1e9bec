echo {a,b,c}
echo x{1,2}y
echo {1..5} {5..1} {a..e} {01..10..3}
echo {a,b}{1,2}
echo {a..c..2} {10..0..5}
echo "{a,b}" {single} {}
