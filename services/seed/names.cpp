// Name lists and the ASCII folding for demo people. See names.hpp.
#include "services/seed/names.hpp"

#include "services/seed/random.hpp"

#include <cstddef>
#include <span>

namespace qm::services::seed {
namespace {

struct Given {
    const char* latin;
    const char* native = nullptr;  // Han characters, for the few shown in their own script
};

struct Family {
    const char* male;
    const char* female = nullptr;  // Polish and Greek surnames take a feminine form
    const char* native = nullptr;
};

// ---- British -----------------------------------------------------------------------------------
constexpr Given kBritishMen[] = {
    {"Oliver"}, {"George"}, {"Harry"}, {"Jack"}, {"James"}, {"William"}, {"Thomas"}, {"Daniel"},
    {"Samuel"}, {"Joseph"}, {"Matthew"}, {"Luke"}, {"Ryan"}, {"Adam"}, {"Callum"}, {"Jamie"},
    {"Lewis"}, {"Benjamin"}, {"Stephen"}, {"Mark"}, {"Paul"}, {"David"}, {"Andrew"}, {"Richard"},
    {"Gareth"}, {"Rhys"}, {"Iain"}, {"Craig"}, {"Dean"}, {"Stuart"}, {"Neil"}, {"Christopher"},
    {"Michael"}, {"Simon"}, {"Alexander"}, {"Owen"}, {"Ellis"}, {"Edward"}, {"Henry"}, {"Charlie"},
    {"Alfie"}, {"Freddie"}, {"Toby"}, {"Max"}, {"Nathan"}, {"Liam"}, {"Scott"}, {"Martin"},
    {"Peter"}, {"John"}, {"Robert"}, {"Ian"}, {"Gary"}, {"Darren"}, {"Lee"}, {"Jason"}, {"Philip"},
    {"Kieran"}, {"Aaron"}, {"Connor"}, {"Ben"}, {"Josh"}, {"Jonathan"}, {"Graham"}, {"Kevin"},
    {"Wayne"}, {"Hamish"}, {"Angus"}};
constexpr Given kBritishWomen[] = {
    {"Charlotte"}, {"Emily"}, {"Sophie"}, {"Jessica"}, {"Hannah"}, {"Lucy"}, {"Amy"}, {"Laura"},
    {"Rebecca"}, {"Sarah"}, {"Emma"}, {"Katie"}, {"Zoë"}, {"Chloe"}, {"Megan"}, {"Rachel"},
    {"Gemma"}, {"Natalie"}, {"Claire"}, {"Helen"}, {"Joanne"}, {"Fiona"}, {"Ailsa"}, {"Victoria"},
    {"Louise"}, {"Kirsty"}, {"Eleanor"}, {"Harriet"}, {"Bethan"}, {"Nicola"}, {"Stacey"},
    {"Abigail"}, {"Olivia"}, {"Amelia"}, {"Isla"}, {"Grace"}, {"Ellie"}, {"Holly"}, {"Georgia"},
    {"Alice"}, {"Ruby"}, {"Freya"}, {"Lauren"}, {"Jennifer"}, {"Michelle"}, {"Kerry"}, {"Donna"},
    {"Alison"}, {"Julie"}, {"Karen"}, {"Susan"}, {"Lisa"}, {"Kate"}, {"Anna"}, {"Jodie"},
    {"Leanne"}, {"Samantha"}, {"Catherine"}, {"Elizabeth"}, {"Philippa"}, {"Imogen"}, {"Rosie"},
    {"Cerys"}, {"Morag"}};
constexpr Family kBritishFamilies[] = {
    {"Smith"}, {"Jones"}, {"Williams"}, {"Taylor"}, {"Brown"}, {"Davies"}, {"Evans"}, {"Wilson"},
    {"Thomas"}, {"Johnson"}, {"Roberts"}, {"Robinson"}, {"Thompson"}, {"Wright"}, {"Walker"},
    {"White"}, {"Edwards"}, {"Hughes"}, {"Green"}, {"Hall"}, {"Wood"}, {"Harris"}, {"Lewis"},
    {"Martin"}, {"Jackson"}, {"Clarke"}, {"Turner"}, {"Hill"}, {"Scott"}, {"Cooper"}, {"Morris"},
    {"Ward"}, {"Moore"}, {"King"}, {"Watson"}, {"Baker"}, {"Harrison"}, {"Morgan"}, {"MacDonald"},
    {"McKenzie"}, {"Fraser"}, {"Campbell"}, {"Stewart"}, {"Pritchard"}, {"Lloyd-Davies"},
    {"Hughes-Watkins"}, {"Ashworth"}, {"Fairbairn"}, {"Cartwright"}, {"Allen"}, {"Young"},
    {"Mitchell"}, {"Carter"}, {"Phillips"}, {"Parker"}, {"Bennett"}, {"Shaw"}, {"Cook"},
    {"Richardson"}, {"Bailey"}, {"Collins"}, {"Marshall"}, {"Bell"}, {"Adams"}, {"Chapman"},
    {"Ellis"}, {"Russell"}, {"Webb"}, {"Griffiths"}, {"Price"}, {"Murray"}, {"Palmer"}, {"Mason"},
    {"Holmes"}, {"Rogers"}, {"Lawrence"}, {"Barnes"}, {"Knight"}, {"Fisher"}, {"Butler"},
    {"Harvey"}, {"Jenkins"}, {"Hunt"}, {"Lloyd"}, {"Gibson"}, {"Dixon"}, {"Fletcher"}, {"Hunter"},
    {"Payne"}, {"Pearce"}, {"Simpson"}, {"Reynolds"}, {"Matthews"}, {"Stevens"}, {"Dawson"},
    {"Sutton"}, {"Fowler"}, {"Armstrong"}, {"Fenwick"}, {"Hargreaves"}, {"Whitfield"},
    {"Blackwell"}, {"Pemberton"}, {"Sinclair"}, {"Buchanan"}, {"Rees"}, {"Powell"}, {"Vaughan"},
    {"Owen"}, {"Bowen"}, {"Beaumont"}, {"Goddard"}, {"Wheeler"}, {"Ramsbottom"}, {"Featherstone"}};

// ---- Irish -------------------------------------------------------------------------------------
constexpr Given kIrishMen[] = {
    {"Ciarán"}, {"Seán"}, {"Cormac"}, {"Declan"}, {"Eoin"}, {"Pádraig"}, {"Conor"}, {"Liam"},
    {"Oisín"}, {"Darragh"}, {"Cian"}, {"Colm"}, {"Diarmuid"}, {"Fergal"}, {"Niall"}, {"Ronan"},
    {"Shane"}, {"Tadhg"}, {"Brendan"}, {"Kieran"}};
constexpr Given kIrishWomen[] = {
    {"Aoife"}, {"Siobhán"}, {"Niamh"}, {"Róisín"}, {"Sinéad"}, {"Orla"}, {"Aisling"}, {"Caoimhe"},
    {"Clodagh"}, {"Máire"}, {"Gráinne"}, {"Deirdre"}, {"Saoirse"}, {"Eimear"}, {"Fionnuala"},
    {"Bríd"}, {"Ciara"}, {"Nuala"}, {"Úna"}, {"Muireann"}};
constexpr Family kIrishFamilies[] = {
    {"O'Brien"}, {"O'Connor"}, {"O'Sullivan"}, {"O'Neill"}, {"Murphy"}, {"Kelly"}, {"Byrne"},
    {"Ryan"}, {"Walsh"}, {"McCarthy"}, {"Doyle"}, {"Gallagher"}, {"Ó Ceallaigh"}, {"Fitzgerald"},
    {"Quinn"}, {"Kavanagh"}, {"O'Donnell"}, {"O'Reilly"}, {"O'Mahony"}, {"Brennan"}, {"Lynch"},
    {"Nolan"}, {"Flanagan"}, {"Keane"}, {"Moran"}, {"Dunne"}, {"Fitzpatrick"}, {"McLoughlin"},
    {"Mac Cárthaigh"}, {"Hegarty"}, {"Costello"}};

// ---- South Asian -------------------------------------------------------------------------------
constexpr Given kSouthAsianMen[] = {
    {"Arjun"}, {"Rohan"}, {"Vikram"}, {"Sanjay"}, {"Rajesh"}, {"Imran"}, {"Mohammed"}, {"Ahmed"},
    {"Bilal"}, {"Hamza"}, {"Tariq"}, {"Harpreet"}, {"Gurpreet"}, {"Jaspreet"}, {"Kiran"},
    {"Nikhil"}, {"Amir"}, {"Faisal"}, {"Zain"}, {"Ravi"}, {"Aakash"}, {"Dev"}, {"Hardeep"},
    {"Manpreet"}, {"Sunil"}, {"Anil"}, {"Deepak"}, {"Yusuf"}, {"Usman"}, {"Asif"}, {"Adnan"},
    {"Shahid"}, {"Raj"}, {"Jatinder"}, {"Kamal"}, {"Rahul"}};
constexpr Given kSouthAsianWomen[] = {
    {"Priya"}, {"Anjali"}, {"Aisha"}, {"Fatima"}, {"Sana"}, {"Ayesha"}, {"Nadia"}, {"Shazia"},
    {"Simran"}, {"Navdeep"}, {"Rukhsana"}, {"Tahmina"}, {"Nusrat"}, {"Pooja"}, {"Meera"},
    {"Farah"}, {"Sunita"}, {"Kavita"}, {"Rina"}, {"Nisha"}, {"Amrit"}, {"Jasmin"}, {"Sabrina"},
    {"Hina"}, {"Zara"}, {"Alisha"}, {"Divya"}, {"Reena"}, {"Salma"}, {"Shabnam"}};
constexpr Family kSouthAsianFamilies[] = {
    {"Patel"}, {"Shah"}, {"Singh", "Kaur"}, {"Khan"}, {"Ahmed"}, {"Hussain"}, {"Ali"}, {"Rahman"},
    {"Chowdhury"}, {"Uddin", "Begum"}, {"Islam"}, {"Sharma"}, {"Gupta"}, {"Mehta"}, {"Sandhu"},
    {"Gill"}, {"Dhillon"}, {"Iqbal"}, {"Malik"}, {"Mistry"}, {"Pillai"}, {"Nair"}, {"Rao"},
    {"Kumar"}, {"Choudhury"}, {"Bhatti"}, {"Desai"}, {"Joshi"}, {"Parmar"}, {"Chauhan"},
    {"Grewal"}, {"Bains"}, {"Sidhu"}, {"Anwar"}, {"Akhtar"}, {"Siddiqui"}, {"Qureshi"},
    {"Mahmood"}, {"Raza"}, {"Sheikh"}, {"Miah"}, {"Hossain"}, {"Sarkar"}, {"Banerjee"},
    {"Chatterjee"}, {"Menon"}, {"Thakkar"}, {"Lakhani"}, {"Vadgama"}, {"Solanki"}};

// ---- West African ------------------------------------------------------------------------------
constexpr Given kWestAfricanMen[] = {
    {"Oluwaseun"}, {"Chukwuemeka"}, {"Kwame"}, {"Kofi"}, {"Emeka"}, {"Tunde"}, {"Babajide"},
    {"Adebayo"}, {"Obinna"}, {"Yaw"}, {"Femi"}, {"Kwabena"}, {"Segun"}, {"Ayodele"}, {"Chidi"},
    {"Ikenna"}, {"Kwesi"}, {"Nana"}, {"Olumide"}, {"Dapo"}, {"Kayode"}, {"Tobi"}, {"Ebuka"},
    {"Ade"}};
constexpr Given kWestAfricanWomen[] = {
    {"Adaeze"}, {"Ngozi"}, {"Chiamaka"}, {"Folake"}, {"Abena"}, {"Ama"}, {"Yetunde"},
    {"Funmilayo"}, {"Temitope"}, {"Nneka"}, {"Efua"}, {"Ifeoma"}, {"Adwoa"}, {"Akosua"}, {"Bisi"},
    {"Chioma"}, {"Damilola"}, {"Esi"}, {"Kemi"}, {"Modupe"}, {"Oluwatoyin"}, {"Titilayo"},
    {"Uche"}, {"Zainab"}};
constexpr Family kWestAfricanFamilies[] = {
    {"Okafor"}, {"Adeyemi"}, {"Okonkwo"}, {"Mensah"}, {"Boateng"}, {"Asante"}, {"Owusu"},
    {"Adebayo"}, {"Oyelaran"}, {"Nwosu"}, {"Eze"}, {"Ogunleye"}, {"Bello"}, {"Olawale"},
    {"Danquah"}, {"Appiah"}, {"Adjei"}, {"Oduya"}, {"Adeleke"}, {"Afolabi"}, {"Agyeman"},
    {"Akinola"}, {"Amoah"}, {"Anane"}, {"Babatunde"}, {"Chukwu"}, {"Ekwueme"}, {"Fashola"},
    {"Ibrahim"}, {"Nnamdi"}, {"Obi"}, {"Odukoya"}, {"Ogundipe"}, {"Okoye"}, {"Onyeka"}, {"Osei"},
    {"Oyedepo"}, {"Quaye"}, {"Sarpong"}, {"Tetteh"}};

// ---- Caribbean ---------------------------------------------------------------------------------
constexpr Given kCaribbeanMen[] = {
    {"Marcus"}, {"Tyrone"}, {"Devon"}, {"Andre"}, {"Jermaine"}, {"Winston"}, {"Delroy"}, {"Leon"},
    {"Nathaniel"}, {"Trevor"}, {"Clive"}, {"Dwayne"}, {"Everton"}, {"Lloyd"}, {"Errol"},
    {"Curtis"}, {"Jerome"}, {"Rohan"}, {"Kemar"}, {"Omari"}, {"Carlton"}, {"Desmond"}, {"Junior"},
    {"Courtney"}};
constexpr Given kCaribbeanWomen[] = {
    {"Shanice"}, {"Keisha"}, {"Marcia"}, {"Simone"}, {"Jade"}, {"Tanisha"}, {"Beverley"},
    {"Claudette"}, {"Danielle"}, {"Precious"}, {"Paulette"}, {"Sonia"}, {"Yvonne"}, {"Charmaine"},
    {"Kezia"}, {"Monique"}, {"Sharon"}, {"Andrea"}, {"Latoya"}, {"Joy"}, {"Hyacinth"}, {"Natasha"}};
constexpr Family kCaribbeanFamilies[] = {
    {"Campbell"}, {"Brown"}, {"Francis"}, {"Grant"}, {"Reid"}, {"Gordon"}, {"Clarke"}, {"Henry"},
    {"Bailey"}, {"Forbes"}, {"McKenzie"}, {"Powell"}, {"Samuels"}, {"Hinds"}, {"Spence"},
    {"Lindo"}, {"Bennett"}, {"Edwards"}, {"Robinson"}, {"Morrison"}, {"Richards"}, {"Thomas"},
    {"Williams"}, {"Allen"}, {"Barrett"}, {"Beckford"}, {"Blackwood"}, {"Chambers"}, {"Dacres"},
    {"Ferguson"}, {"Gayle"}, {"Hamilton"}, {"Lawrence"}, {"Mullings"}, {"Palmer"}, {"Rowe"},
    {"Salmon"}, {"Stewart"}, {"Walters"}, {"Whyte"}, {"Wright"}, {"Young"}};

// ---- Polish ------------------------------------------------------------------------------------
constexpr Given kPolishMen[] = {
    {"Piotr"}, {"Krzysztof"}, {"Tomasz"}, {"Paweł"}, {"Michał"}, {"Łukasz"}, {"Wojciech"},
    {"Grzegorz"}, {"Jakub"}, {"Marcin"}, {"Adam"}, {"Kamil"}, {"Dawid"}, {"Bartosz"}, {"Mateusz"},
    {"Rafał"}, {"Szymon"}, {"Przemysław"}, {"Sebastian"}, {"Marek"}};
constexpr Given kPolishWomen[] = {
    {"Katarzyna"}, {"Agnieszka"}, {"Małgorzata"}, {"Zofia"}, {"Joanna"}, {"Magdalena"},
    {"Aleksandra"}, {"Ewa"}, {"Anna"}, {"Monika"}, {"Marta"}, {"Karolina"}, {"Justyna"}, {"Beata"},
    {"Dorota"}, {"Natalia"}, {"Weronika"}, {"Paulina"}, {"Iwona"}};
constexpr Family kPolishFamilies[] = {
    {"Nowak"}, {"Kowalski", "Kowalska"}, {"Wiśniewski", nullptr, "Wiśniewska"}, {"Wójcik"},
    {"Kamiński", nullptr, "Kamińska"}, {"Lewandowski", "Lewandowska"},
    {"Zieliński", nullptr, "Zielińska"}, {"Łukasiewicz"}, {"Szymański", nullptr, "Szymańska"},
    {"Woźniak"}, {"Dąbrowski", nullptr, "Dąbrowska"}, {"Kozłowski", nullptr, "Kozłowska"},
    {"Mazur"}, {"Krawczyk"}, {"Jankowski", "Jankowska"}, {"Wojciechowski", "Wojciechowska"},
    {"Kwiatkowski", "Kwiatkowska"}, {"Kaczmarek"}, {"Piotrowski", "Piotrowska"},
    {"Grabowski", "Grabowska"}, {"Pawłowski", nullptr, "Pawłowska"}, {"Michalski", "Michalska"},
    {"Zając"}, {"Król"}, {"Wieczorek"}, {"Jabłoński", nullptr, "Jabłońska"}, {"Wróbel"},
    {"Nowakowski", "Nowakowska"}, {"Majewski", "Majewska"}, {"Olszewski", "Olszewska"},
    {"Stępień"}, {"Malinowski", "Malinowska"}, {"Górski", nullptr, "Górska"},
    {"Rutkowski", "Rutkowska"}, {"Sikora"}, {"Walczak"}, {"Baran"}, {"Michalak"}, {"Szewczyk"},
    {"Ostrowski", "Ostrowska"}};

// ---- Chinese (Mandarin with characters; Cantonese and anglicised without) ----------------------
constexpr Given kChineseMen[] = {
    {"Wei", "伟"}, {"Jun", "军"}, {"Hao", "浩"}, {"Ming", "明"}, {"Jian", "建"}, {"Tao", "涛"},
    {"Lei", "磊"}, {"Yang", "洋"}, {"Bo", "波"}, {"Qiang", "强"}, {"Peng", "鹏"}, {"Chao", "超"},
    {"Kevin"}, {"Wing"}, {"Daniel"}, {"Jason"}, {"Kenneth"}, {"Raymond"}, {"Ka Ho"}};
constexpr Given kChineseWomen[] = {
    {"Jing", "静"}, {"Xiu", "秀"}, {"Mei", "美"}, {"Yan", "燕"}, {"Hui", "慧"}, {"Ling", "玲"},
    {"Na", "娜"}, {"Fang", "芳"}, {"Xin", "欣"}, {"Ying", "颖"}, {"Li", "丽"}, {"Min", "敏"},
    {"Michelle"}, {"Ka Yee"}, {"Wai Man"}, {"Grace"}, {"Vivian"}, {"Mandy"}, {"Jenny"}};
constexpr Family kChineseFamilies[] = {
    {"Li", nullptr, "李"}, {"Wang", nullptr, "王"}, {"Zhang", nullptr, "张"}, {"Chen", nullptr, "陈"},
    {"Liu", nullptr, "刘"}, {"Huang", nullptr, "黄"}, {"Zhou", nullptr, "周"}, {"Lin", nullptr, "林"},
    {"Yang", nullptr, "杨"}, {"Zhao", nullptr, "赵"}, {"Wu", nullptr, "吴"}, {"Xu", nullptr, "徐"},
    {"Sun", nullptr, "孙"}, {"Ma", nullptr, "马"}, {"Zhu", nullptr, "朱"}, {"Hu", nullptr, "胡"},
    {"Guo", nullptr, "郭"}, {"He", nullptr, "何"}, {"Gao", nullptr, "高"}, {"Luo", nullptr, "罗"},
    {"Wong"}, {"Chan"}, {"Lau"}, {"Cheung"}, {"Ng"}, {"Leung"}, {"Tang"}, {"Ho"}, {"Yip"},
    {"Chow"}, {"Lam"}, {"Kwok"}};

// ---- Greek and Greek Cypriot -------------------------------------------------------------------
constexpr Given kGreekMen[] = {
    {"Georgios"}, {"Konstantinos"}, {"Dimitrios"}, {"Nikolaos"}, {"Andreas"}, {"Christos"},
    {"Yiannis"}, {"Panagiotis"}, {"Vasilis"}, {"Stavros"}, {"Michalis"}, {"Kyriakos"}, {"Savvas"},
    {"Costas"}, {"Marios"}, {"Stelios"}, {"Petros"}, {"Theodoros"}};
constexpr Given kGreekWomen[] = {
    {"Eleni"}, {"Maria"}, {"Katerina"}, {"Sofia"}, {"Despina"}, {"Anastasia"}, {"Georgia"},
    {"Christina"}, {"Ioanna"}, {"Vasiliki"}, {"Panayiota"}, {"Androulla"}, {"Stella"},
    {"Chrystalla"}, {"Eftychia"}};
constexpr Family kGreekFamilies[] = {
    {"Papadopoulos", "Papadopoulou"}, {"Georgiou"}, {"Christodoulou"}, {"Konstantinou"},
    {"Nikolaidis", "Nikolaidou"}, {"Ioannou"}, {"Charalambous"}, {"Demetriou"}, {"Panayiotou"},
    {"Michael"}, {"Antoniou"}, {"Savva"}, {"Constantinides", "Constantinidou"}, {"Hadjipavlou"},
    {"Kyriacou"}, {"Loizou"}, {"Petrou"}, {"Stylianou"}, {"Theodorou"}, {"Vasiliou"}, {"Andreou"},
    {"Economou"}, {"Efstathiou"}, {"Papageorgiou"}, {"Pavlou"}, {"Philippou"}, {"Sotiriou"},
    {"Xenophontos"}, {"Zacharia"}};

// ---- Turkish and Turkish Cypriot ---------------------------------------------------------------
constexpr Given kTurkishMen[] = {
    {"Mehmet"}, {"Mustafa"}, {"Emre"}, {"Burak"}, {"Can"}, {"Hüseyin"}, {"Ömer"}, {"Kerem"},
    {"Ahmet"}, {"Ali"}, {"Hasan"}, {"İbrahim"}, {"Murat"}, {"Serkan"}, {"Okan"}, {"Cem"},
    {"Deniz"}, {"Barış"}, {"Eren"}, {"Yusuf"}};
constexpr Given kTurkishWomen[] = {
    {"Ayşe"}, {"Elif"}, {"Zeynep"}, {"Emine"}, {"Özlem"}, {"Gül"}, {"Şule"}, {"Derya"}, {"Fatma"},
    {"Hatice"}, {"Merve"}, {"Esra"}, {"Selin"}, {"Büşra"}, {"Ebru"}, {"Dilek"}, {"Sibel"},
    {"Aylin"}, {"Gizem"}, {"Nur"}};
constexpr Family kTurkishFamilies[] = {
    {"Yılmaz"}, {"Kaya"}, {"Demir"}, {"Şahin"}, {"Çelik"}, {"Yıldız"}, {"Öztürk"}, {"Aydın"},
    {"Arslan"}, {"Doğan"}, {"Kılıç"}, {"Aslan"}, {"Çetin"}, {"Kara"}, {"Koç"}, {"Kurt"},
    {"Özdemir"}, {"Polat"}, {"Erdoğan"}, {"Güneş"}, {"Akın"}, {"Bulut"}, {"Tekin"}, {"Yavuz"},
    {"Mustafa"}, {"Hüseyin"}, {"Osman"}, {"İbrahim"}, {"Ramadan"}};

// ---- Other European (Iberian, Italian, French, German, Central & Eastern European) -------------
constexpr Given kEuropeanMen[] = {
    {"José"}, {"João"}, {"Luís"}, {"Miguel"}, {"Antonio"}, {"Marco"}, {"Giuseppe"}, {"Luca"},
    {"Pierre"}, {"François"}, {"Jürgen"}, {"Mateus"}, {"Carlos"}, {"Javier"}, {"Pablo"},
    {"Alejandro"}, {"Rui"}, {"Tiago"}, {"Nuno"}, {"Paolo"}, {"Matteo"}, {"Alessandro"},
    {"Lorenzo"}, {"Nicolas"}, {"Julien"}, {"Lukas"}, {"Stefan"}, {"Jan"}, {"Andrei"}, {"Bogdan"},
    {"Mihai"}, {"Darius"}, {"Tomas"}};
constexpr Given kEuropeanWomen[] = {
    {"Chloé"}, {"Inês"}, {"María"}, {"Lucía"}, {"Giulia"}, {"Francesca"}, {"Amélie"}, {"Hélène"},
    {"Beatriz"}, {"Renée"}, {"Ana"}, {"Carmen"}, {"Sofía"}, {"Marta"}, {"Catarina"}, {"Mariana"},
    {"Chiara"}, {"Alessia"}, {"Camille"}, {"Léa"}, {"Manon"}, {"Anja"}, {"Katharina"}, {"Ioana"},
    {"Andreea"}, {"Ieva"}, {"Daiva"}};
constexpr Family kEuropeanFamilies[] = {
    {"Fernandes"}, {"Rodrigues"}, {"Gonçalves"}, {"Silva"}, {"Santos"}, {"García"}, {"Martínez"},
    {"Rossi"}, {"Russo"}, {"Esposito"}, {"Dubois"}, {"Lefèvre"}, {"Müller"}, {"Schäfer"},
    {"D'Souza"}, {"Ferreira"}, {"Pereira"}, {"Costa"}, {"Oliveira"}, {"Almeida"}, {"Sousa"},
    {"López"}, {"Sánchez"}, {"Pérez"}, {"González"}, {"Fernández"}, {"Romano"}, {"Colombo"},
    {"Ricci"}, {"Marino"}, {"Bruno"}, {"Moreau"}, {"Laurent"}, {"Girard"}, {"Bernard"},
    {"Schmidt"}, {"Schneider"}, {"Becker"}, {"Popescu"}, {"Ionescu"}, {"Kazlauskas"},
    {"Petrauskas"}, {"Novák"}, {"Horváth"}, {"Kovács"}};

struct Group {
    int weight;  // per 1000 people
    std::span<const Given> men;
    std::span<const Given> women;
    std::span<const Family> families;
};

// Weighted towards a Met workforce in London rather than London's census exactly.
constexpr Group kGroups[] = {
    {510, kBritishMen, kBritishWomen, kBritishFamilies},
    {50, kIrishMen, kIrishWomen, kIrishFamilies},
    {130, kSouthAsianMen, kSouthAsianWomen, kSouthAsianFamilies},
    {70, kWestAfricanMen, kWestAfricanWomen, kWestAfricanFamilies},
    {60, kCaribbeanMen, kCaribbeanWomen, kCaribbeanFamilies},
    {40, kPolishMen, kPolishWomen, kPolishFamilies},
    {25, kChineseMen, kChineseWomen, kChineseFamilies},
    {25, kGreekMen, kGreekWomen, kGreekFamilies},
    {30, kTurkishMen, kTurkishWomen, kTurkishFamilies},
    {60, kEuropeanMen, kEuropeanWomen, kEuropeanFamilies},
};

const Group& pickGroup(std::uint64_t r) {
    int total = 0;
    for (const auto& g : kGroups) total += g.weight;
    int x = static_cast<int>(r % static_cast<std::uint64_t>(total));
    for (const auto& g : kGroups) {
        if (x < g.weight) return g;
        x -= g.weight;
    }
    return kGroups[0];
}

template <typename T>
const T& pick(std::span<const T> list, std::uint64_t r) {
    return list[r % list.size()];
}

const char* familyFor(const Family& f, bool female) {
    return female && f.female ? f.female : f.male;
}

// The folded spelling of one code point, or nullptr to drop it.
const char* foldCodePoint(char32_t c) {
    switch (c) {
        case U'à': case U'á': case U'â': case U'ã': case U'ä': case U'å': case U'ą':
        case U'À': case U'Á': case U'Â': case U'Ã': case U'Ä': case U'Å': case U'Ą': return "a";
        case U'æ': case U'Æ': return "ae";
        case U'ç': case U'ć': case U'Ç': case U'Ć': return "c";
        case U'è': case U'é': case U'ê': case U'ë': case U'ę':
        case U'È': case U'É': case U'Ê': case U'Ë': case U'Ę': return "e";
        case U'ğ': case U'Ğ': return "g";
        case U'ì': case U'í': case U'î': case U'ï': case U'ı':
        case U'Ì': case U'Í': case U'Î': case U'Ï': case U'İ': return "i";
        case U'ł': case U'Ł': return "l";
        case U'ñ': case U'ń': case U'Ñ': case U'Ń': return "n";
        case U'ò': case U'ó': case U'ô': case U'õ': case U'ö': case U'ø':
        case U'Ò': case U'Ó': case U'Ô': case U'Õ': case U'Ö': case U'Ø': return "o";
        case U'ś': case U'ş': case U'Ś': case U'Ş': return "s";
        case U'ß': return "ss";
        case U'ù': case U'ú': case U'û': case U'ü': case U'Ù': case U'Ú': case U'Û': case U'Ü':
            return "u";
        case U'ý': case U'ÿ': case U'Ý': return "y";
        case U'ź': case U'ż': case U'Ź': case U'Ż': return "z";
        default: return nullptr;
    }
}

}  // namespace

std::string asciiFold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        if (lead < 0x80) {
            const char c = static_cast<char>(lead);
            if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') out += c;
            ++i;  // apostrophes, spaces and other punctuation are dropped
            continue;
        }
        const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        char32_t cp = len == 4 ? lead & 0x07u : len == 3 ? lead & 0x0Fu : lead & 0x1Fu;
        for (std::size_t k = 1; k < len && i + k < utf8.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
        if (const char* folded = len > 1 ? foldCodePoint(cp) : nullptr) out += folded;
        i += len;
    }
    return out;
}

GeneratedName generateName(std::uint64_t entropy) {
    // One fixed roll per decision, never a consumed stream: C++ leaves the order of function
    // arguments unspecified, and GCC and Clang would otherwise name the same person differently.
    enum Roll : std::uint64_t {
        kGroup = 1, kFemale, kGiven, kMixed, kFamilyGroup, kFamily, kFamilyAgain, kDouble,
        kDoubleGroup, kDoubleFamily, kNative,
    };
    auto roll = [entropy](Roll r) { return splitmix64(entropy + r * 0x9E3779B97F4A7C15ULL); };

    const Group& group = pickGroup(roll(kGroup));
    const bool female = roll(kFemale) % 100 < 42;
    const Given& given = pick(female ? group.women : group.men, roll(kGiven));

    // One in seven surnames comes from another background (marriage, adoption, ancestry), and a
    // few people carry a double-barrelled name.
    const Group& familyGroup = roll(kMixed) % 100 < 15 ? pickGroup(roll(kFamilyGroup)) : group;
    const Family* pickedFamily = &pick(familyGroup.families, roll(kFamily));
    if (std::string_view(pickedFamily->male) == given.latin)  // no "Martin Martin"
        pickedFamily = &pick(familyGroup.families, roll(kFamilyAgain));
    const Family& family = *pickedFamily;
    std::string surname = familyFor(family, female);
    if (roll(kDouble) % 100 < 2) {
        const Family& second = pick(pickGroup(roll(kDoubleGroup)).families, roll(kDoubleFamily));
        const std::string other = familyFor(second, female);
        if (other != surname && surname.find('-') == std::string::npos &&
            other.find('-') == std::string::npos && other.find(' ') == std::string::npos)
            surname += "-" + other;
    }

    GeneratedName name;
    name.display = std::string(given.latin) + " " + surname;
    // Some people are recorded with their name in Chinese characters as well (surname first).
    if (given.native && family.native && surname == family.male && roll(kNative) % 100 < 25)
        name.display += std::string(" (") + family.native + given.native + ")";
    name.emailStem = asciiFold(given.latin) + "." + asciiFold(surname);
    return name;
}

}  // namespace qm::services::seed
